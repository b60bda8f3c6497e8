package telegramtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

type queuedFault struct {
	method string
	err    APIError
}

type queuedHang struct {
	method string
	d      time.Duration
}

// FailNext makes the next n calls of method (any method for "") fail with code, in
// Telegram's words for it. For 429 retryAfter is the seconds in
// parameters.retry_after.
func (s *Server) FailNext(method string, n int, code int, retryAfter int) {
	e := APIError{Code: code, RetryAfter: retryAfter}
	switch code {
	case http.StatusTooManyRequests:
		if e.RetryAfter <= 0 {
			e.RetryAfter = 1
		}
		e.Description = fmt.Sprintf("Too Many Requests: retry after %d", e.RetryAfter)
	case http.StatusForbidden:
		e.Description = "Forbidden: bot was blocked by the user"
	case http.StatusBadRequest:
		e.Description = "Bad Request: injected fault"
	case http.StatusUnauthorized:
		e.Description = "Unauthorized"
	case http.StatusConflict:
		e.Description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	default:
		e.Description = http.StatusText(code)
		if code >= 500 {
			e.Description = "Internal Server Error"
			if code == http.StatusBadGateway {
				e.Description = "Bad Gateway"
			}
		}
	}
	s.FailNextWith(method, n, e)
}

// FailNextWith makes the next n calls of method (any method for "") answer e.
func (s *Server) FailNextWith(method string, n int, e APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, queuedFault{method: method, err: e})
	}
}

// InjectFaults installs f, asked before every call: a non-nil answer is returned
// instead of the method's own. Pass nil to remove it. f must be safe for concurrent use.
func (s *Server) InjectFaults(f func(method string) *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.injector = f
}

// Hang makes the next n calls of method (any method for "") wait d before they are
// carried out — carried out even when the caller gave up, as Telegram does with a
// request whose answer was lost. That is how a test meets a send that timed out
// but happened.
func (s *Server) Hang(method string, d time.Duration, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.hangs = append(s.hangs, queuedHang{method: method, d: d})
	}
}

func (s *Server) fault(method string) *APIError {
	s.mu.Lock()
	injector := s.injector
	for i, f := range s.faults {
		if f.method == "" || strings.EqualFold(f.method, method) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			s.mu.Unlock()
			e := f.err
			return &e
		}
	}
	s.mu.Unlock()
	if injector != nil {
		return injector(method)
	}
	return nil
}

// hang waits out a queued hang for method; false when the server closed meanwhile.
func (s *Server) hang(_ *http.Request, method string) bool {
	s.mu.Lock()
	var d time.Duration
	for i, h := range s.hangs {
		if h.method == "" || strings.EqualFold(h.method, method) {
			d = h.d
			s.hangs = append(s.hangs[:i], s.hangs[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if d == 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return false
	}
}
