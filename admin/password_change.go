package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/officer"
)

func (h *handler) showPassword(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, h.view(w, r, "password"), http.StatusOK)
}

func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	next := r.PostFormValue("new")
	if next != r.PostFormValue("confirm") {
		h.passwordRefused(w, r, "password.mismatch")
		return
	}
	err := h.officers.ChangePassword(r.Context(), o.ID, r.PostFormValue("current"), next)
	switch {
	case errors.Is(err, officer.ErrBadCredentials):
		h.passwordRefused(w, r, "password.wrong_current")
		return
	case errors.Is(err, officer.ErrWeakPassword):
		h.passwordRefused(w, r, "password.weak")
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	if err := h.record(r, o, "", "account.password", nil, nil); err != nil {
		h.unaudited(r, o)
	} else {
		h.flash(r, translate(o.Locale, "password.changed"), true)
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *handler) passwordRefused(w http.ResponseWriter, r *http.Request, key string) {
	v := h.view(w, r, "password")
	v.Flash = v.T(key)
	h.render(w, r, v, http.StatusUnprocessableEntity)
}
