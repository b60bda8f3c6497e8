package admin

import (
	"encoding/json"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/tipline/tipline/internal/csvsafe"
	"github.com/tipline/tipline/queue"
)

// outcomeColumns are the CSV's header, in the order of docs/export.md.
var outcomeColumns = []string{"tip_id", "created_at", "channel", "category", "area_code", "occurred", "priority", "state",
	"resolution", "duplicate_of", "forwarded_unit", "forwarded_case", "forwarded_at", "closed_at", "case_kind",
	"case_number", "detained", "users_found", "solved_on", "seizures", "total_grams", "operations",
	"reward_state", "reward_amount_cents", "reward_paid_at"}

// exportOutcomes streams the reports of a period with their outcomes, as CSV
// or JSON (docs/export.md), for the police case system: codes, not words, and
// nothing of reporters. ?from=YYYY-MM-DD&to=YYYY-MM-DD, both days included;
// the last 365 days by default.
func (h *handler) exportOutcomes(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
	from, to, ok := h.exportPeriod(r)
	if !ok || (format != "csv" && format != "json") {
		h.errorPage(w, r, http.StatusBadRequest, "export.bad_period")
		return
	}
	if err := h.record(r, o, "", "export.outcomes", nil, map[string]string{"format": format,
		"from": from.Format(time.DateOnly), "to": to.AddDate(0, 0, -1).Format(time.DateOnly)}); err != nil {
		h.auditRefused(w, r)
		return
	}
	name := "tipline-outcomes-" + from.Format("20060102") + "-" + to.AddDate(0, 0, -1).Format("20060102") + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	var err error
	if format == "json" {
		err = h.outcomesJSON(w, r, from, to)
	} else {
		err = h.outcomesCSV(w, r, from, to)
	}
	if err != nil {
		// The headers are sent: the file ends visibly broken, never silently short.
		h.log.Error("admin: outcome export failed", "err", err)
	}
}

// exportPeriod reads from and to (days in the office's zone) as [from, to+1 day).
func (h *handler) exportPeriod(r *http.Request) (time.Time, time.Time, bool) {
	today := h.now().In(h.loc)
	to := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, h.loc)
	from := to.AddDate(0, 0, -364)
	for _, p := range []struct {
		key string
		day *time.Time
	}{{"from", &from}, {"to", &to}} {
		if s := strings.TrimSpace(r.URL.Query().Get(p.key)); s != "" {
			d, err := time.ParseInLocation(time.DateOnly, s, h.loc)
			if err != nil {
				return from, to, false
			}
			*p.day = d
		}
	}
	return from, to.AddDate(0, 0, 1), !to.Before(from) && to.Sub(from) <= 367*24*time.Hour
}

func (h *handler) outcomesCSV(w http.ResponseWriter, r *http.Request, from, to time.Time) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	_, _ = w.Write([]byte("\uFEFF"))
	// Every cell is neutralised: officers' text (case numbers, units typed
	// before the list) could otherwise run as a spreadsheet formula.
	cw := csvsafe.NewWriter(w)
	_ = cw.Write(outcomeColumns)
	err := h.queue.EachOutcome(r.Context(), from, to, func(x queue.OutcomeRecord) error {
		seizures := make([]string, len(x.Seizures))
		for i, z := range x.Seizures {
			seizures[i] = z.Drug + ":" + strconv.FormatFloat(z.Grams, 'f', -1, 64)
		}
		return cw.Write([]string{strconv.FormatInt(x.TipID, 10), stamp(&x.CreatedAt), x.Channel, x.Category, x.AreaCode,
			x.Occurred, strconv.Itoa(x.Priority), x.State, x.Resolution, optInt64(x.DuplicateOf), x.ForwardedUnit,
			x.ForwardedCase, stamp(x.ForwardedAt), stamp(x.ClosedAt), x.CaseKind, x.CaseNumber, optInt(x.Detained),
			optInt(x.UsersFound), x.SolvedOn, strings.Join(seizures, ";"), strconv.FormatFloat(x.TotalGrams, 'f', -1, 64),
			strings.Join(x.Operations, ";"), x.RewardState, optInt64(x.RewardAmountCents), stamp(x.RewardPaidAt)})
	})
	if err != nil {
		_ = cw.Write([]string{"ERROR"})
	}
	cw.Flush()
	return err
}

func (h *handler) outcomesJSON(w http.ResponseWriter, r *http.Request, from, to time.Time) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write([]byte("["))
	first := true
	err := h.queue.EachOutcome(r.Context(), from, to, func(x queue.OutcomeRecord) error {
		b, err := json.Marshal(x)
		if err != nil {
			return err
		}
		if !first {
			_, _ = w.Write([]byte(",\n"))
		} else {
			_, _ = w.Write([]byte("\n"))
		}
		first = false
		_, err = w.Write(b)
		return err
	})
	if err == nil {
		_, _ = w.Write([]byte("\n]\n"))
	}
	return err
}

// stamp writes a time as RFC 3339 in UTC, or "" for none.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func optInt64(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}
