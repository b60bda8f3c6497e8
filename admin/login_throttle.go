package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"time"
)

// loginClient is who a login step is counted against: the client's IPv4
// address, or its IPv6 /64, since one subscriber is handed a whole /64 and
// could otherwise take a fresh address, and fresh guesses, at will.
func (h *handler) loginClient(r *http.Request) string {
	addr := h.clientAddr(r)
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() {
		return addr
	}
	p, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

// loginWindow is the period over which failed logins per client are counted.
const loginWindow = 15 * time.Minute

// attempt is one login step counted against its client before any password is
// hashed.
type attempt struct {
	client string
	window time.Time
	n      int // the client's attempts in this window and the one before, this one included
}

// reserveAttempt counts an attempt against the client before its password is
// checked, so attempts in flight count as failures: a hundred concurrent
// guesses from one address get no further than a hundred in a row. A step that
// succeeds, or is turned away unchecked, hands its count back (release).
func (h *handler) reserveAttempt(ctx context.Context, client string) (attempt, error) {
	a := attempt{client: client, window: h.now().Truncate(loginWindow)}
	err := h.db.QueryRowContext(ctx, `
		WITH up AS (
		  INSERT INTO login_failures (client, window_start, count) VALUES ($1, $2, 1)
		  ON CONFLICT (client, window_start) DO UPDATE SET count = login_failures.count + 1
		  RETURNING count)
		SELECT (SELECT count FROM up) + coalesce((SELECT sum(count) FROM login_failures
		         WHERE client = $1 AND window_start >= $3 AND window_start < $2), 0)`,
		client, a.window, a.window.Add(-loginWindow)).Scan(&a.n)
	if err != nil {
		return attempt{}, fmt.Errorf("admin: unable to count a login attempt: %w", err)
	}
	_, err = h.db.ExecContext(ctx, `DELETE FROM login_failures WHERE window_start < $1`, a.window.Add(-2*loginWindow))
	if err != nil {
		return attempt{}, fmt.Errorf("admin: unable to prune login failures: %w", err)
	}
	return a, nil
}

// release hands back an attempt that was not a failure.
func (h *handler) release(ctx context.Context, a attempt) error {
	_, err := h.db.ExecContext(ctx, `
		UPDATE login_failures SET count = count - 1 WHERE client = $1 AND window_start = $2 AND count > 0`,
		a.client, a.window)
	if err != nil {
		return fmt.Errorf("admin: unable to release a login attempt: %w", err)
	}
	return nil
}

// stepPassed hands back the attempt of a login step that succeeded and renews
// the session token, which the step raises to a new level of trust.
func (h *handler) stepPassed(ctx context.Context, a attempt) error {
	if err := h.release(ctx, a); err != nil {
		return err
	}
	return h.sessions.RenewToken(ctx)
}

// ipLimit is cfg.Limits.LoginFailuresPerIP, at least 1.
func (h *handler) ipLimit() int {
	if n := h.cfg.Limits.LoginFailuresPerIP; n > 0 {
		return n
	}
	return 20
}

// failureDelay slows each further guess on a client or an account: 0.25 s per
// earlier failure, at most 3 s. Only refusals wait, so a guesser's failures
// slow the owner's own mistakes but never the owner's login.
func failureDelay(n int) time.Duration {
	d := time.Duration(n) * 250 * time.Millisecond
	return min(d, 3*time.Second)
}
