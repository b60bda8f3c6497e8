package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/officer"
)

// sessPendingFailures counts the wrong codes of the pending login in the session.
const sessPendingFailures = "pending_code_failures"

// codesPerLogin is how many wrong codes one pending login takes before it ends
// and the password must be given again. The account and the (account, client)
// pair count the same failures in the database (officer.VerifyTOTP), which
// bounds logins racing in parallel sessions too.
const codesPerLogin = 3

func (h *handler) showLoginTOTP(w http.ResponseWriter, r *http.Request) {
	if h.sessions.GetInt64(r.Context(), sessPending) == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.render(w, r, h.view(w, r, "login_totp"), http.StatusOK)
}

// submitLoginTOTP finishes a login whose password was right. Every refused code
// reads the same, wrong, already used, or from a client locked out of the
// account, so a guess never learns that it was right.
func (h *handler) submitLoginTOTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := h.sessions.GetInt64(ctx, sessPending)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	client := h.loginClient(r)
	at, err := h.reserveAttempt(ctx, client)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	o, err := h.officers.Get(ctx, id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if at.n > h.ipLimit() || o.Disabled {
		h.endPendingLogin(w, r, "login.too_many", http.StatusTooManyRequests)
		return
	}
	err = h.officers.VerifyTOTP(ctx, id, r.PostFormValue("code"), client)
	var ref *officer.Refusal
	switch {
	case errors.Is(err, officer.ErrNotEnrolled):
		// Reset by an administrator since the password step.
		h.endPendingLogin(w, r, "login.refused", http.StatusUnauthorized)
		return
	case errors.As(err, &ref):
		h.auditRefusal(r, &o, "", refusalReason(ref))
		sleep(ctx, failureDelay(max(at.n-1, ref.RecentFailures)))
		failures := h.sessions.GetInt(ctx, sessPendingFailures) + 1
		if failures >= codesPerLogin {
			h.endPendingLogin(w, r, "login.codes_ended", http.StatusUnauthorized)
			return
		}
		h.sessions.Put(ctx, sessPendingFailures, failures)
		v := h.view(w, r, "login_totp")
		v.Flash = v.T("login.bad_code")
		h.render(w, r, v, http.StatusUnauthorized)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	if err := h.stepPassed(ctx, at); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.completeLogin(w, r, o, true)
}

// endPendingLogin sends the client back to the password with msg.
func (h *handler) endPendingLogin(w http.ResponseWriter, r *http.Request, msg string, status int) {
	h.sessions.Remove(r.Context(), sessPending)
	h.sessions.Remove(r.Context(), sessPendingFailures)
	h.loginRefused(w, r, "", msg, status)
}
