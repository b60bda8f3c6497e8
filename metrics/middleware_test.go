package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The histogram is on the default registry, shared by parallel tests: each
// test uses routes of its own.

func TestMiddlewareLabelsByPatternAndCode(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /mwtest/tips/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "404404" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "tip")
	})
	mux.HandleFunc("POST /mwtest/hook", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	mux.Handle("GET /metrics", promhttp.Handler())
	srv := httptest.NewServer(Middleware(mux))
	defer srv.Close()

	for _, p := range []string{"/mwtest/tips/7301234567", "/mwtest/tips/42", "/mwtest/tips/404404"} {
		get(t, srv.URL+p)
	}
	resp, err := http.Post(srv.URL+"/mwtest/hook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	get(t, srv.URL+"/mwtest/hook") // method not allowed: answered by the mux itself

	out := get(t, srv.URL+"/metrics")
	expectLines(t, out,
		`tipline_http_request_duration_seconds_count{code="200",route="GET /mwtest/tips/{id}"} 2`,
		`tipline_http_request_duration_seconds_count{code="404",route="GET /mwtest/tips/{id}"} 1`,
		`tipline_http_request_duration_seconds_count{code="202",route="POST /mwtest/hook"} 1`,
		`tipline_http_request_duration_seconds_count{code="405",route="unmatched"} 1`,
	)
	if strings.Contains(out, "7301234567") || strings.Contains(out, "404404") {
		t.Error("a path id reached a label")
	}
}

func TestNestedMiddlewareRecordsTheInnerPattern(t *testing.T) {
	t.Parallel()
	inner := http.NewServeMux()
	inner.HandleFunc("GET /nested/tips/{id}", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "tip")
	})
	// What a session middleware does: the inner mux sees a copy of the request.
	copying := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Middleware(inner).ServeHTTP(w, r.WithContext(r.Context()))
	})
	outer := http.NewServeMux()
	outer.Handle("/nested/", copying)
	outer.Handle("GET /metrics", promhttp.Handler())
	srv := httptest.NewServer(Middleware(outer))
	defer srv.Close()

	get(t, srv.URL+"/nested/tips/99")
	out := get(t, srv.URL+"/metrics")
	expectLines(t, out, `tipline_http_request_duration_seconds_count{code="200",route="GET /nested/tips/{id}"} 1`)
	if strings.Contains(out, `route="/nested/"`) {
		t.Error("the request was counted twice or under the outer pattern")
	}
}

func TestMiddlewareCountsAPanicAs500(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /mwpanic", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	h := Middleware(mux)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/mwpanic", nil))
	}()
	rec := httptest.NewRecorder()
	promhttp.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	expectLines(t, rec.Body.String(), `tipline_http_request_duration_seconds_count{code="500",route="GET /mwpanic"} 1`)
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
