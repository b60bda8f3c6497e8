package admin

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/tipline/tipline/internal/pagepolicy"
	"github.com/tipline/tipline/officer"
)

type ctxKey int

const officerKey ctxKey = iota

// recoverPanic turns a panic into a 500 and a log line instead of a dropped connection.
func (h *handler) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.log.Error("admin: panic", slog.Any("panic", v), slog.String("path", r.URL.Path))
				w.Header().Set("Connection", "close")
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequest logs method, path, status and duration; never bodies or queries,
// which may hold search terms from tips.
func (h *handler) logRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		h.log.Debug("admin: request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}

// secureHeaders is the pages' strict policy (internal/pagepolicy).
func (h *handler) secureHeaders(next http.Handler) http.Handler {
	return pagepolicy.Headers("data:")(next)
}

func nonceFrom(r *http.Request) string { return pagepolicy.Nonce(r) }

// Session keys.
const (
	sessOfficer = "officer_id"
	sessLoginAt = "login_at" // unix nanoseconds, compared with sessions_valid_after
	sessPending = "pending_officer_id"
	sessFlash   = "flash"
	sessFlashOK = "flash_ok"
)

// authenticate loads the session's officer, dropping sessions of disabled
// officers and sessions older than "log out everywhere".
func (h *handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := h.sessions.GetInt64(r.Context(), sessOfficer)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		o, err := h.officers.Get(r.Context(), id)
		loginAt := time.Unix(0, h.sessions.GetInt64(r.Context(), sessLoginAt))
		if err != nil || o.Disabled || loginAt.Before(o.SessionsValidAfter) {
			_ = h.sessions.Destroy(r.Context())
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), officerKey, &o)))
	})
}

func currentOfficer(r *http.Request) *officer.Officer {
	o, _ := r.Context().Value(officerKey).(*officer.Officer)
	return o
}

// requireRole admits only logged-in officers holding one of roles. Officers who
// must change their password or enrol TOTP are sent there first.
func (h *handler) requireRole(roles []officer.Role, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := currentOfficer(r)
		if o == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		if !slices.Contains(roles, o.Role) {
			h.forbidden(w, r)
			return
		}
		if r.Method == http.MethodGet {
			if o.MustChangePassword {
				http.Redirect(w, r, "/account/password", http.StatusSeeOther)
				return
			}
			if h.totpRequired(o.Role) && !o.TOTPEnrolled {
				http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
				return
			}
		} else if o.MustChangePassword || (h.totpRequired(o.Role) && !o.TOTPEnrolled) {
			h.forbidden(w, r)
			return
		}
		next(w, r)
	})
}

// requireLogin admits any logged-in officer, for their own account pages, which
// must stay reachable while a password change or TOTP enrolment is pending.
func (h *handler) requireLogin(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentOfficer(r) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		next(w, r)
	})
}

func (h *handler) totpRequired(role officer.Role) bool {
	return slices.Contains(h.cfg.Admin.TOTPRequiredRoles, string(role))
}
