package admin

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// clientAddr is the request's client address. X-Forwarded-For is believed only
// from configured proxies, taking the right-most address not itself a proxy.
func (h *handler) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if !h.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !h.trusted(a) {
			return a.String()
		}
	}
	return addr.String()
}

func (h *handler) trusted(a netip.Addr) bool {
	for _, p := range h.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// loginWindow is the period over which failed logins per client are counted.
const loginWindow = 15 * time.Minute

func (h *handler) windowStart() time.Time {
	return h.now().Truncate(loginWindow)
}

// clientFailures counts the client's failed logins in the current window.
func (h *handler) clientFailures(ctx context.Context, client string) (int, error) {
	var n int
	err := h.db.QueryRowContext(ctx, `
		SELECT coalesce(sum(count), 0) FROM login_failures
		 WHERE client = $1 AND window_start >= $2`, client, h.windowStart().Add(-loginWindow)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("admin: unable to count login failures: %w", err)
	}
	return n, nil
}

// recordClientFailure counts one failed login for the client and drops old windows.
func (h *handler) recordClientFailure(ctx context.Context, client string) error {
	_, err := h.db.ExecContext(ctx, `
		INSERT INTO login_failures (client, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (client, window_start) DO UPDATE SET count = login_failures.count + 1`, client, h.windowStart())
	if err != nil {
		return fmt.Errorf("admin: unable to record a login failure: %w", err)
	}
	_, err = h.db.ExecContext(ctx, `DELETE FROM login_failures WHERE window_start < $1`, h.windowStart().Add(-2*loginWindow))
	if err != nil {
		return fmt.Errorf("admin: unable to prune login failures: %w", err)
	}
	return nil
}

// ipLimit is cfg.Limits.LoginFailuresPerIP, at least 1.
func (h *handler) ipLimit() int {
	if n := h.cfg.Limits.LoginFailuresPerIP; n > 0 {
		return n
	}
	return 20
}

// failureDelay slows each further guess from a client: 0.25 s per earlier failure, at most 3 s.
func failureDelay(n int) time.Duration {
	d := time.Duration(n) * 250 * time.Millisecond
	return min(d, 3*time.Second)
}
