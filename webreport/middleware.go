package webreport

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

type ctxKey int

const nonceKey ctxKey = iota

// recoverPanic answers a panic with the reader's error page instead of a
// dropped connection, and logs the route only: never the path's query, the
// address or any header.
func (h *handler) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.log.Error("webreport: panic", "panic", v, "route", r.Pattern)
				w.Header().Set("Connection", "close")
				h.problem(w, r, http.StatusInternalServerError, "error.server")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets a strict CSP with a fresh nonce per request. Images may
// come from blob: so the script can preview a photo before it is sent (that
// preview never leaves the phone), and data: for the empty icon.
func (h *handler) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [18]byte
		_, _ = rand.Read(b[:])
		nonce := base64.RawURLEncoding.EncodeToString(b[:])
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self' 'nonce-"+nonce+"'; style-src 'self' 'nonce-"+nonce+"'; "+
			"img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey, nonce)))
	})
}

func nonceFrom(r *http.Request) string {
	n, _ := r.Context().Value(nonceKey).(string)
	return n
}

// capBody bounds what a form without files may send; upload routes set their
// own, larger bound from the evidence limits.
func capBody(limit int64, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next(w, r)
	}
}
