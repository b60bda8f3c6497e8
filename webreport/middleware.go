package webreport

import (
	"net/http"

	"github.com/tipline/tipline/internal/pagepolicy"
)

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

// secureHeaders is the pages' strict policy (internal/pagepolicy).
func (h *handler) secureHeaders(next http.Handler) http.Handler {
	return pagepolicy.Headers("blob: data:")(next)
}

func nonceFrom(r *http.Request) string { return pagepolicy.Nonce(r) }

// capBody bounds what a form without files may send; upload routes set their
// own, larger bound from the evidence limits.
func capBody(limit int64, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next(w, r)
	}
}
