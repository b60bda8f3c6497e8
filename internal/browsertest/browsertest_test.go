package browsertest_test

import (
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/internal/browsertest"
)

// TestRecordsWhatGoesWrong serves a page with a strict CSP that an inline
// script and an inline handler violate, an uncaught exception, a console error
// and an alert; the recorder must see each, and a clean page must show none.
func TestRecordsWhatGoesWrong(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'")
		fmt.Fprint(w, `<!doctype html><title>bad</title><body><script>alert(1)</script><img src=x onerror="alert(2)"><script src="/bad.js"></script>`)
	})
	mux.HandleFunc("/bad.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `console.error("broken"); alert("from file"); throw new Error("uncaught");`)
	})
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
		fmt.Fprint(w, `<!doctype html><link rel="icon" href="data:,"><title>good</title><p style="width:2000px">wide</p>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`))
	problems := strings.Join(browsertest.Problems(ctx), "\n")
	for _, want := range []string{"CSP violation: script-src", "broken", "uncaught"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	if d := browsertest.Dialogs(ctx); len(d) != 1 || !strings.Contains(d[0], "from file") {
		t.Errorf("dialogs: %q", d)
	}

	browsertest.Reset(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/good")); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.SetViewport(ctx, 360, 740); err != nil {
		t.Fatal(err)
	}
	browsertest.Clean(t, ctx, "good page")
	w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
	if err != nil || w != 360 {
		t.Fatalf("viewport width %d %v", w, err)
	}
	path := filepath.Join(t.TempDir(), "shot", "good.png")
	if err := browsertest.Screenshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.DecodeConfig(f)
	if err != nil || img.Width != 360 {
		t.Fatalf("screenshot %+v %v", img, err)
	}
}
