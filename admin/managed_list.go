package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

// managedList is one of the office's lists that a page edits entry by entry
// (operations, canned questions): where its page is, what its audit actions
// are called and what is said when a change is saved.
type managedList struct {
	path   string // the list's page, where every change returns
	audit  string // the audit action's prefix and the detail's key for the entry
	saved  string // the message key said after a change
	fields string // the message key prefix naming a refused field
}

// changed answers a change of the list: a refusal names the field, a change
// made is audited and said.
func (l managedList) changed(h *handler, w http.ResponseWriter, r *http.Request, action string, id int64, detail map[string]any, err error) {
	o := currentOfficer(r)
	var inv *queue.InvalidError
	switch {
	case errors.As(err, &inv):
		h.flash(r, translate(o.Locale, "tip.invalid", translate(o.Locale, l.fields+inv.Field)), false)
	case errors.Is(err, queue.ErrNotFound):
		h.notFound(w, r)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		if detail == nil {
			detail = map[string]any{}
		}
		detail[l.audit] = id
		if err := h.record(r, o, "", l.audit+"."+action, nil, detail); err != nil {
			h.unaudited(r, o)
		} else {
			h.flash(r, translate(o.Locale, l.saved), true)
		}
	}
	http.Redirect(w, r, l.path, http.StatusSeeOther)
}

// archive takes the entry of the request's path off the list offered for new
// use (archived=1), or back onto it; what was made with it stays.
func (l managedList) archive(h *handler, w http.ResponseWriter, r *http.Request, set func(context.Context, int64, bool) error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	archived := r.PostFormValue("archived") == "1"
	action := "restore"
	if archived {
		action = "archive"
	}
	l.changed(h, w, r, action, id, nil, set(r.Context(), id, archived))
}
