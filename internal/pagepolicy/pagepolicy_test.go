package pagepolicy

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEachResponseHasItsOwnNonce(t *testing.T) {
	var seen []string
	h := Headers("blob: data:")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, Nonce(r))
	}))
	var csps []string
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		csps = append(csps, rec.Header().Get("Content-Security-Policy"))
		if rec.Header().Get("Referrer-Policy") != "no-referrer" || rec.Header().Get("X-Frame-Options") != "DENY" {
			t.Fatalf("headers: %v", rec.Header())
		}
	}
	if seen[0] == "" || seen[0] == seen[1] {
		t.Fatalf("nonces %q", seen)
	}
	for i, csp := range csps {
		if !strings.Contains(csp, "'nonce-"+seen[i]+"'") || !strings.Contains(csp, "img-src 'self' blob: data:;") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Fatalf("policy %q", csp)
		}
	}
}
