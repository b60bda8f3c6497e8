package admin

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/tipline/tipline/metrics"
	"github.com/tipline/tipline/officer"
)

// submitLogin checks the password. Every refusal reads the same, so the page
// never tells which usernames exist, are disabled, or which client is locked
// out of an account, nor whether a locked-out client's guess was right.
func (h *handler) submitLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	client := h.loginClient(r)
	username := officer.NormalizeUsername(r.PostFormValue("username"))
	password := r.PostFormValue("password")

	at, err := h.reserveAttempt(ctx, client)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if at.n > h.ipLimit() {
		name, err := h.officers.TypedName(ctx, username)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		h.auditRefusal(r, nil, name, "throttled")
		h.loginRefused(w, r, username, "login.too_many", http.StatusTooManyRequests)
		return
	}

	o, err := h.officers.Authenticate(ctx, username, password, client)
	var ref *officer.Refusal
	switch {
	case errors.Is(err, officer.ErrBusy):
		metrics.LoginRefused("busy")
		if err := h.release(ctx, at); err != nil {
			h.serverError(w, r, err)
			return
		}
		h.loginRefused(w, r, username, "login.busy", http.StatusServiceUnavailable)
		return
	case errors.As(err, &ref):
		h.auditRefusal(r, nil, ref.Account, refusalReason(ref))
		sleep(ctx, failureDelay(max(at.n-1, ref.RecentFailures)))
		h.loginRefused(w, r, username, "login.refused", http.StatusUnauthorized)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	if err := h.stepPassed(ctx, at); err != nil {
		h.serverError(w, r, err)
		return
	}
	if o.TOTPEnrolled {
		h.sessions.Put(ctx, sessPending, o.ID)
		h.sessions.Remove(ctx, sessPendingFailures)
		http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
		return
	}
	h.completeLogin(w, r, o, false)
}

// completeLogin starts the officer's session; the token was renewed already.
func (h *handler) completeLogin(w http.ResponseWriter, r *http.Request, o officer.Officer, withTOTP bool) {
	ctx := r.Context()
	if err := h.officers.RecordLogin(ctx, o.ID, h.loginClient(r)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.sessions.Remove(ctx, sessPending)
	h.sessions.Remove(ctx, sessPendingFailures)
	h.sessions.Put(ctx, sessOfficer, o.ID)
	h.sessions.Put(ctx, sessLoginAt, h.now().UnixNano())
	if err := h.record(r, &o, "", "login", nil, map[string]bool{"totp": withTOTP}); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// auditRefusal records and counts a refused login step. name is an account's
// username or officer.TypedName's hash, never what was typed. The refusal
// stands whether or not it is audited; record logs a failure.
func (h *handler) auditRefusal(r *http.Request, o *officer.Officer, name, reason string) {
	metrics.LoginRefused(reason)
	detail := map[string]string{"reason": reason}
	if reason == "throttled" { // turned away before any password was checked
		_ = h.record(r, o, name, "login.throttled", nil, detail)
		return
	}
	_ = h.record(r, o, name, "login.failed", nil, detail)
}

// refusalReason is the audit log's and the metric's word for a refusal.
func refusalReason(ref *officer.Refusal) string {
	switch {
	case errors.Is(ref, officer.ErrLocked):
		return "locked"
	case errors.Is(ref, officer.ErrDisabled):
		return "disabled"
	case errors.Is(ref, officer.ErrCodeReused):
		return "totp_reused"
	case errors.Is(ref, officer.ErrBadCode):
		return "totp"
	default:
		return "bad_credentials"
	}
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
