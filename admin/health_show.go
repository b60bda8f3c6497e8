package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/tipline/tipline/inbox"
	"github.com/tipline/tipline/officer"
	schema "github.com/tipline/tipline/sql"
)

type healthData struct {
	SchemaVersion int64
	SchemaLatest  int64
	Pending       int
	BotAvailable  bool
	Inbox         InboxStats
	Parked        []inbox.ParkedUpdate
	Jobs          []JobRun
	Errors        []string
	// LoginFailures are the accounts with failed logins in the last day;
	// LoginAlert names those being guessed at (health.login_alert).
	LoginFailures []officer.LoginFailures
	LoginAlert    []string
	// AlertChannels name where urgent alerts go; none is shown loudly.
	AlertChannels string
}

// sustainedFailures is how many failed logins in a day on one account, from
// every client, the health page raises as an alert: more than an officer's own
// mistakes, and soon reached by anyone guessing.
const sustainedFailures = 20

// showHealth shows how the line is doing, never secrets: no keys, tokens or URLs.
func (h *handler) showHealth(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := healthData{SchemaLatest: schema.Latest()}
	st, err := schema.Status(ctx, h.db.DB)
	if err != nil {
		d.Errors = append(d.Errors, "schema")
	}
	for _, m := range st {
		if m.Applied {
			d.SchemaVersion = max(d.SchemaVersion, m.Version)
		} else {
			d.Pending++
		}
	}
	if d.LoginFailures, err = h.officers.FailedLogins(ctx); err != nil {
		d.Errors = append(d.Errors, "logins")
	}
	for _, f := range d.LoginFailures {
		if f.Locked() || f.Failures >= sustainedFailures {
			d.LoginAlert = append(d.LoginAlert, f.Username)
		}
	}
	if h.bot != nil {
		d.BotAvailable = true
		if d.Inbox, err = h.bot.InboxStats(ctx); err != nil {
			d.Errors = append(d.Errors, "inbox")
		}
		if d.Parked, err = h.bot.ListParked(ctx, 50); err != nil {
			d.Errors = append(d.Errors, "parked")
		}
	}
	if h.jobs != nil {
		if d.Jobs, err = h.jobs.LastRuns(ctx); err != nil {
			d.Errors = append(d.Errors, "jobs")
		}
	}
	d.AlertChannels = h.alertChannels(currentOfficer(r).Locale)
	v := h.view(w, r, "health")
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

func (h *handler) retryParked(w http.ResponseWriter, r *http.Request) {
	h.changeParked(w, r, "health.retry", func(id int64) error { return h.bot.RetryParked(r.Context(), id) })
}

func (h *handler) discardParked(w http.ResponseWriter, r *http.Request) {
	h.changeParked(w, r, "health.discard", func(id int64) error { return h.bot.DiscardParked(r.Context(), id) })
}

func (h *handler) changeParked(w http.ResponseWriter, r *http.Request, action string, do func(int64) error) {
	o := currentOfficer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || h.bot == nil {
		h.notFound(w, r)
		return
	}
	if err := do(id); err != nil {
		// A double click or another administrator got there first.
		if errors.Is(err, inbox.ErrNotParked) {
			h.flash(r, translate(o.Locale, "health.not_parked"), false)
			http.Redirect(w, r, "/health", http.StatusSeeOther)
			return
		}
		h.serverError(w, r, err)
		return
	}
	if err := h.record(r, o, "", action, nil, map[string]int64{"update": id}); err != nil {
		h.unaudited(r, o)
	} else {
		h.flash(r, translate(o.Locale, "officers.done"), true)
	}
	http.Redirect(w, r, "/health", http.StatusSeeOther)
}

// alertChannels names the channels config.AlertChannels counts, in locale;
// "" when there are none.
func (h *handler) alertChannels(locale string) string {
	var out []string
	for _, c := range h.cfg.AlertChannels() {
		kind, name, _ := strings.Cut(c, ":")
		if kind == "telegram" {
			out = append(out, translate(locale, "health.duty_chat"))
			continue
		}
		out = append(out, translate(locale, "health.robot."+kind, name))
	}
	if locale == "en" {
		return strings.Join(out, ", ")
	}
	return strings.Join(out, "、")
}
