// Package pagepolicy sets the headers every page Tipline serves carries: a
// strict content security policy with a fresh nonce per request, no referrer,
// no sniffing, no framing, no camera, microphone or location. The admin and
// the web report differ only in where images may come from.
package pagepolicy

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

type ctxKey struct{}

// Headers sets the policy on every response of next. imgSrc lists the image
// sources beyond the page's own origin ("data:", "blob: data:").
func Headers(imgSrc string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b [18]byte
			_, _ = rand.Read(b[:])
			nonce := base64.RawURLEncoding.EncodeToString(b[:])
			hd := w.Header()
			hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self' 'nonce-"+nonce+"'; style-src 'self' 'nonce-"+nonce+"'; "+
				"img-src 'self' "+imgSrc+"; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
			hd.Set("Referrer-Policy", "no-referrer")
			hd.Set("X-Content-Type-Options", "nosniff")
			hd.Set("X-Frame-Options", "DENY")
			hd.Set("Cross-Origin-Opener-Policy", "same-origin")
			hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, nonce)))
		})
	}
}

// Nonce is the nonce of r's policy, for the page's own scripts and styles.
func Nonce(r *http.Request) string {
	n, _ := r.Context().Value(ctxKey{}).(string)
	return n
}
