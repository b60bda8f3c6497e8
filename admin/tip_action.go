package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

// keptTipFields are what the tip page's forms type, kept when one of them is
// refused so the page shows them again (see keepForm).
var keptTipFields = []string{"body", "case", "unit", "reason", "amount", "duplicate_of", "label"}

// tipChange is one change an officer makes to a tip from its page.
type tipChange func(r *http.Request, by queue.Actor, id int64, version int) (detail any, err error)

// changeTip runs a change with the version the page showed, audits it and goes
// back to the tip with a message saying what happened.
func (h *handler) changeTip(w http.ResponseWriter, r *http.Request, action string, change tipChange) {
	o := currentOfficer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	detail, err := change(r, actor(o), id, version)
	back := "/tips/" + strconv.FormatInt(id, 10)
	if err != nil {
		var inv *queue.InvalidError
		switch {
		case errors.Is(err, queue.ErrNotFound):
			h.notFound(w, r)
		case errors.Is(err, queue.ErrForbidden):
			h.forbidden(w, r)
		case errors.Is(err, queue.ErrConflict):
			h.flash(r, translate(o.Locale, "tip.conflict"), false)
			http.Redirect(w, r, back, http.StatusSeeOther)
		case errors.Is(err, queue.ErrClaimed):
			h.flash(r, translate(o.Locale, "tip.claimed_by_other"), false)
			http.Redirect(w, r, back, http.StatusSeeOther)
		case errors.Is(err, queue.ErrIllegalTransition):
			h.flash(r, translate(o.Locale, "tip.illegal"), false)
			http.Redirect(w, r, back, http.StatusSeeOther)
		case errors.As(err, &inv):
			h.keepForm(r, action+":"+strconv.FormatInt(id, 10), keptTipFields...)
			h.flash(r, translate(o.Locale, "tip.invalid", translate(o.Locale, "field."+inv.Field)), false)
			http.Redirect(w, r, back, http.StatusSeeOther)
		case errors.Is(err, queue.ErrInvalid):
			h.flash(r, translate(o.Locale, "tip.invalid", ""), false)
			http.Redirect(w, r, back, http.StatusSeeOther)
		default:
			h.serverError(w, r, err)
		}
		return
	}
	// The change committed in the queue's own transaction; a 500 now would
	// tell the officer it failed and invite a second change. Say it was saved
	// and unaudited instead (record logged the failure).
	if err := h.record(r, o, "", "tip."+action, &id, detail); err != nil {
		h.unaudited(r, o)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	h.flash(r, translate(o.Locale, "done."+action), true)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// formInt64 reads an optional integer form field; 0 when absent or bad.
func formInt64(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return n
}
