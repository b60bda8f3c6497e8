package admin

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/tipline/tipline/officer"
)

// submitLogin checks the password. Every refusal reads the same, so the page
// never tells which usernames exist, are locked or disabled.
func (h *handler) submitLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	client := h.clientAddr(r)
	username := officer.NormalizeUsername(r.PostFormValue("username"))
	password := r.PostFormValue("password")

	fails, err := h.clientFailures(ctx, client)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if fails >= h.ipLimit() {
		// The refusal stands whether or not it is audited; record logs a failure.
		_ = h.record(r, nil, clip(username, 64), "login.throttled", nil, nil)
		h.loginRefused(w, r, username, "login.too_many", http.StatusTooManyRequests)
		return
	}

	o, err := h.officers.Authenticate(ctx, username, password)
	if err != nil {
		if !errIs(err, officer.ErrBadCredentials, officer.ErrLocked, officer.ErrDisabled) {
			h.serverError(w, r, err)
			return
		}
		if err := h.recordClientFailure(ctx, client); err != nil {
			h.serverError(w, r, err)
			return
		}
		reason := map[bool]string{true: "locked", false: "bad_credentials"}[errors.Is(err, officer.ErrLocked)]
		if errors.Is(err, officer.ErrDisabled) {
			reason = "disabled"
		}
		_ = h.record(r, nil, clip(username, 64), "login.failed", nil, map[string]string{"reason": reason})
		sleep(ctx, failureDelay(fails))
		h.loginRefused(w, r, username, "login.refused", http.StatusUnauthorized)
		return
	}

	if err := h.sessions.RenewToken(ctx); err != nil {
		h.serverError(w, r, err)
		return
	}
	if o.TOTPEnrolled {
		h.sessions.Put(ctx, sessPending, o.ID)
		http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
		return
	}
	h.completeLogin(w, r, o, false)
}

// completeLogin starts the officer's session; the token was renewed already.
func (h *handler) completeLogin(w http.ResponseWriter, r *http.Request, o officer.Officer, withTOTP bool) {
	ctx := r.Context()
	h.sessions.Remove(ctx, sessPending)
	h.sessions.Put(ctx, sessOfficer, o.ID)
	h.sessions.Put(ctx, sessLoginAt, h.now().UnixNano())
	if err := h.record(r, &o, "", "login", nil, map[string]bool{"totp": withTOTP}); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *handler) loginRefused(w http.ResponseWriter, r *http.Request, username, msg string, status int) {
	v := h.view(w, r, "login")
	v.Flash = v.T(msg)
	v.D = loginData{Username: username}
	h.render(w, r, v, status)
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
