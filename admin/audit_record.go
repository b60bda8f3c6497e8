package admin

import (
	"log/slog"
	"net/http"

	"github.com/tipline/tipline/audit"
	"github.com/tipline/tipline/officer"
)

// record writes one audit entry for the request. A failure is logged at Error
// level here, so no caller can lose it, and returned, so the caller can refuse
// to show content or tell the officer. The log line names the action, the tip
// and the officer's id only: never usernames typed at login, details or
// anything of a reporter.
//
// The queue's changes commit in their own transactions (queue.Store takes a
// context, not a transaction), so an audit failure after a change cannot undo
// it; see changeTip.
func (h *handler) record(r *http.Request, o *officer.Officer, username, action string, tipID *int64, detail any) error {
	var officerID *int64
	if o != nil {
		id := o.ID
		officerID, username = &id, o.Username
	}
	err := audit.Record(r.Context(), h.db, officerID, username, action, tipID, h.clientAddr(r), detail)
	if err != nil {
		attrs := []any{slog.String("action", action), slog.Any("err", err)}
		if tipID != nil {
			attrs = append(attrs, slog.Int64("tip", *tipID))
		}
		if officerID != nil {
			attrs = append(attrs, slog.Int64("officer", *officerID))
		}
		h.log.Error("admin: unable to audit", attrs...)
	}
	return err
}

// unaudited tells the officer their change was saved but the audit log missed
// it, so they report it rather than repeat the change.
func (h *handler) unaudited(r *http.Request, o *officer.Officer) {
	h.flash(r, translate(o.Locale, "audit.failed_change"), false)
}

// auditRefused answers a view that could not be audited: the audit log is the
// office's evidence of who saw what, so the content is not shown.
func (h *handler) auditRefused(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusServiceUnavailable, "error.audit")
}
