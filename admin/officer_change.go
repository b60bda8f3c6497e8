package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/audit"
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
		h.flash(r, translate(o.Locale, "officers.exists"), false)
	case errors.Is(err, officer.ErrWeakPassword):
		h.flash(r, translate(o.Locale, "password.weak"), false)
	case errors.Is(err, officer.ErrInvalid):
		h.flash(r, translate(o.Locale, "officers.invalid"), false)
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		if err := audit.Record(r.Context(), h.db, &o.ID, o.Username, "officer."+action, nil, h.clientAddr(r),
			map[string]any{"username": username, "detail": detail}); err != nil {
			h.serverError(w, r, err)
			return
		}
		h.flash(r, translate(o.Locale, "officers.done"), true)
	}
	http.Redirect(w, r, "/officers", http.StatusSeeOther)
}
