package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/officer"
)

// changeOfficer runs an administrator's change to an account, audits it and
// returns to the officers page with a message.
func (h *handler) changeOfficer(w http.ResponseWriter, r *http.Request, action string, change func(username string) (any, error)) {
	o := currentOfficer(r)
	username := officer.NormalizeUsername(r.PathValue("username"))
	if username == "" {
		username = officer.NormalizeUsername(r.PostFormValue("username"))
	}
	detail, err := change(username)
	switch {
	case errors.Is(err, officer.ErrNotFound):
		h.notFound(w, r)
		return
	case errors.Is(err, officer.ErrExists):
		h.keepForm(r, "officer:"+action, "username", "display_name", "role")
		h.flash(r, translate(o.Locale, "officers.exists"), false)
	case errors.Is(err, officer.ErrWeakPassword):
		// A new or reset account has no old password to differ from.
		h.keepForm(r, "officer:"+action, "username", "display_name", "role")
		h.flash(r, translate(o.Locale, "officers.weak_temp"), false)
	case errors.Is(err, officer.ErrInvalid):
		h.keepForm(r, "officer:"+action, "username", "display_name", "role")
		h.flash(r, translate(o.Locale, "officers.invalid"), false)
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		// The change is made; say so and that it went unaudited rather than a 500.
		if err := h.record(r, o, "", "officer."+action, nil, map[string]any{"username": username, "detail": detail}); err != nil {
			h.unaudited(r, o)
		} else {
			h.flash(r, translate(o.Locale, "officers.done"), true)
		}
	}
	http.Redirect(w, r, "/officers", http.StatusSeeOther)
}
