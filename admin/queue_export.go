package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tipline/tipline/internal/csvsafe"
)

// exportLimit bounds one export; a bigger one is a database job, not a download.
const exportLimit = 50000

// exportQueue writes the filtered queue as CSV (UTF-8 with a BOM, so Excel reads
// the Chinese). Nothing about reporters: no reference, contact mode or reachability,
// and no attachments.
func (h *handler) exportQueue(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	f, _, err := h.queueFilter(r, o)
	if err != nil {
		h.badFilter(w, r, err)
		return
	}
	f.After, f.Limit = "", 200
	v := &view{Locale: o.Locale, h: h}

	if err := h.record(r, o, "", "export", nil, map[string]string{"filter": r.URL.RawQuery}); err != nil {
		h.auditRefused(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tipline-export.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("\uFEFF"))
	// Every cell is neutralised: reporter text (description, area in the
	// reporter's words) and officer text (unit, case number, names) alike
	// could otherwise run as a spreadsheet formula.
	cw := csvsafe.NewWriter(w)
	_ = cw.Write([]string{v.T("col.id"), v.T("col.created"), v.T("col.category"), v.T("col.area"), v.T("col.occurred"),
		v.T("col.state"), v.T("col.resolution"), v.T("col.priority"), v.T("col.assignee"), v.T("col.triage_due"),
		v.T("col.forwarded_unit"), v.T("col.forwarded_case"), v.T("col.closed"), v.T("col.labels"), v.T("col.description")})
	n := 0
	for n < exportLimit {
		page, err := h.queue.ListAs(r.Context(), actor(o), f)
		if err != nil {
			// Headers are gone; end the file visibly broken rather than silently short.
			h.log.Error("admin: export failed", "err", err)
			_ = cw.Write([]string{"ERROR"})
			break
		}
		ids := make([]int64, len(page.Tips))
		for i, t := range page.Tips {
			ids[i] = t.ID
		}
		labels, err := h.queue.LabelsOf(r.Context(), ids)
		if err != nil {
			h.log.Error("admin: export failed", "err", err)
			_ = cw.Write([]string{"ERROR"})
			break
		}
		for _, t := range page.Tips {
			var names []string
			for _, l := range labels[t.ID] {
				names = append(names, l.Name(o.Locale))
			}
			res := ""
			if t.Resolution != nil {
				res = v.T("resolution." + string(*t.Resolution))
			}
			_ = cw.Write([]string{strconv.FormatInt(t.ID, 10), v.Time(t.CreatedAt), v.Category(t.Category), v.Area(t.AreaCode, t.AreaText),
				v.T("occurred." + string(t.Occurred)), v.T("state." + string(t.State)), res, v.T("priority." + t.Priority.String()),
				t.AssigneeName, v.Time(t.TriageDue), v.Unit(t.ForwardedUnit), t.ForwardedCase, v.Time(t.ClosedAt),
				strings.Join(names, v.T("list.sep")), t.Description})
			n++
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	cw.Flush()
}
