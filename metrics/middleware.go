package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var requestDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
	Name:    "tipline_http_request_duration_seconds",
	Help:    "HTTP request latency by route pattern (never the path, which may hold ids) and status code.",
	Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
}, []string{"route", "code"})

// unmatched labels requests no pattern answered (the mux's own 404 and 405).
const unmatched = "unmatched"

// Middleware times each request of h by the pattern that served it and its
// status code. The pattern is read from the request after h returns: a Go 1.22
// http.ServeMux sets r.Pattern on the request it is given. Nested Middlewares
// pass their inner, more specific pattern out, and only the outermost one
// records, so a sub-application (the admin) may wrap its own mux too.
func Middleware(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slot, ok := r.Context().Value(patternKey{}).(*string); ok {
			// An outer Middleware records this request.
			h.ServeHTTP(w, r)
			if r.Pattern != "" {
				*slot = r.Pattern
			}
			return
		}
		var inner string
		r = r.WithContext(contextWithSlot(r, &inner))
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		defer func() {
			// A panic is answered 500 by net/http: count it so, then let it go on.
			p := recover()
			code := rec.code
			if p != nil || code == 0 {
				code = http.StatusOK
				if p != nil {
					code = http.StatusInternalServerError
				}
			}
			route := inner
			if route == "" {
				route = r.Pattern
			}
			if route == "" {
				route = unmatched
			}
			requestDuration.WithLabelValues(route, strconv.Itoa(code)).Observe(time.Since(start).Seconds())
			if p != nil {
				panic(p)
			}
		}()
		h.ServeHTTP(rec, r)
	})
}

// statusRecorder remembers the status code written. Unwrap lets
// http.ResponseController reach the Flusher and deadlines underneath.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush keeps streaming responses working through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		if s.code == 0 {
			s.code = http.StatusOK
		}
		f.Flush()
	}
}
