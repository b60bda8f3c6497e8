package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/metrics"
	"github.com/tipline/tipline/officer"
)

func (h *handler) showPassword(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, h.view(w, r, "password"), http.StatusOK)
}

// changePassword checks the current password as a login does (the same hash
// gate, lockout of the client and slowing down) and ends every other session
// of the officer: whoever else held one must log in with the new password.
func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := currentOfficer(r)
	next := r.PostFormValue("new")
	if next != r.PostFormValue("confirm") {
		h.passwordRefused(w, r, "password.mismatch", http.StatusUnprocessableEntity)
		return
	}
	err := h.officers.ChangePassword(ctx, o.ID, r.PostFormValue("current"), next, h.loginClient(r))
	var ref *officer.Refusal
	switch {
	case errors.Is(err, officer.ErrBusy):
		metrics.LoginRefused("busy")
		h.passwordRefused(w, r, "login.busy", http.StatusServiceUnavailable)
		return
	case errors.As(err, &ref):
		metrics.LoginRefused(refusalReason(ref))
		_ = h.record(r, o, "", "account.password_refused", nil, map[string]string{"reason": refusalReason(ref)})
		sleep(ctx, failureDelay(ref.RecentFailures))
		// A locked-out client reads the same whether its guess was right or not.
		if errors.Is(ref, officer.ErrLocked) {
			h.passwordRefused(w, r, "login.too_many", http.StatusTooManyRequests)
			return
		}
		h.passwordRefused(w, r, "password.wrong_current", http.StatusUnprocessableEntity)
		return
	case errors.Is(err, officer.ErrWeakPassword):
		h.passwordRefused(w, r, "password.weak", http.StatusUnprocessableEntity)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	// The store ended every session; this one carries on under a new token.
	if err := h.sessions.RenewToken(ctx); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.sessions.Put(ctx, sessLoginAt, h.now().UnixNano())
	if err := h.record(r, o, "", "account.password", nil, nil); err != nil {
		h.unaudited(r, o)
	} else {
		h.flash(r, translate(o.Locale, "password.changed"), true)
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *handler) passwordRefused(w http.ResponseWriter, r *http.Request, key string, status int) {
	v := h.view(w, r, "password")
	v.Flash = v.T(key)
	h.render(w, r, v, status)
}
