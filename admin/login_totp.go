package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/officer"
)

func (h *handler) showLoginTOTP(w http.ResponseWriter, r *http.Request) {
	if h.sessions.GetInt64(r.Context(), sessPending) == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.render(w, r, h.view(w, r, "login_totp"), http.StatusOK)
}

// submitLoginTOTP finishes a login whose password was right; wrong codes count
// against the client like wrong passwords.
func (h *handler) submitLoginTOTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := h.sessions.GetInt64(ctx, sessPending)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	client := h.clientAddr(r)
	fails, err := h.clientFailures(ctx, client)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	o, err := h.officers.Get(ctx, id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if fails >= h.ipLimit() || o.Disabled {
		h.sessions.Remove(ctx, sessPending)
		v := h.view(w, r, "login")
		v.Flash = v.T("login.too_many")
		v.D = loginData{}
		h.render(w, r, v, http.StatusTooManyRequests)
		return
	}
	if err := h.officers.VerifyTOTP(ctx, id, r.PostFormValue("code")); err != nil {
		if !errIs(err, officer.ErrBadCode, officer.ErrNotEnrolled) {
			h.serverError(w, r, err)
			return
		}
		if err := h.recordClientFailure(ctx, client); err != nil {
			h.serverError(w, r, err)
			return
		}
		reason, msg := "totp", "login.bad_code"
		if errors.Is(err, officer.ErrCodeReused) {
			reason, msg = "totp_reused", "login.code_reused"
		}
		// The refusal stands whether or not it is audited; record logs a failure.
		_ = h.record(r, &o, "", "login.failed", nil, map[string]string{"reason": reason})
		sleep(ctx, failureDelay(fails))
		v := h.view(w, r, "login_totp")
		v.Flash = v.T(msg)
		h.render(w, r, v, http.StatusUnauthorized)
		return
	}
	if err := h.sessions.RenewToken(ctx); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.completeLogin(w, r, o, true)
}
