package admin

import "net/http"

// clientAddr is the request's client address. X-Forwarded-For is believed only
// from the configured proxies (admin.trusted_proxies).
func (h *handler) clientAddr(r *http.Request) string {
	return h.proxies.Of(r)
}
