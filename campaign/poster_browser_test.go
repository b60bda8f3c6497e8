package campaign

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/internal/browsertest"
)

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestBrowserPrintsThePosterOnOneA4Page prints the poster to PDF in headless
// Chromium as a person would from the browser: it must fit one A4 sheet, run
// under its own CSP without a violation, show the QR code at print size and
// the Chinese words. With TIPLINE_DOCS_IMAGES set it also leaves
// docs/img/poster.png.
func TestBrowserPrintsThePosterOnOneA4Page(t *testing.T) {
	cfg := testConfig()
	c := Campaign{ID: 12, Kind: "school", AreaCode: "meiqiao", Telegram: true}
	links := LinksFor(cfg, c, NewStore(nil, cfg).Code(c))
	poster, err := Poster(cfg, links, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", PosterCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(poster)
	}))
	t.Cleanup(srv.Close)

	ctx := browsertest.New(t)
	ctx = browsertest.Timeout(t, ctx, 90*time.Second)
	if err := browsertest.SetViewport(ctx, 794, 1123); err != nil { // A4 at 96 dpi
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Navigate(srv.URL))); err != nil {
		t.Fatal(err)
	}
	browsertest.Clean(t, ctx, "the poster")

	text := browsertest.Eval[string](t, ctx, `document.body.innerText`)
	for _, want := range []string{"扫码匿名举报", "匿名", links.Web, links.Telegram} {
		if !strings.Contains(text, want) {
			t.Errorf("the poster does not show %q", want)
		}
	}
	// The web report's code is printed about 11 cm wide: 96 px an inch.
	if w := browsertest.Eval[float64](t, ctx, `document.querySelector(".qr svg").getBoundingClientRect().width`); w < 380 {
		t.Errorf("the QR code is %.0f px wide, too small to scan from a wall", w)
	}
	if font := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("h1")).fontSize`); font != "40px" {
		t.Errorf("the headline is %s, want 30pt", font)
	}

	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
		return r.Data, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
		t.Fatalf("the poster prints on %d pages, want 1", n)
	}
	// A4 is 595 × 842 points.
	box := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindSubmatch(pdf)
	if box == nil {
		t.Fatal("the PDF has no page size")
	}
	w, _ := strconv.ParseFloat(string(box[1]), 64)
	h, _ := strconv.ParseFloat(string(box[2]), 64)
	if math.Abs(w-595) > 1 || math.Abs(h-842) > 1 {
		t.Errorf("the PDF's page is %.1f × %.1f points, not A4", w, h)
	}
	if os.Getenv("TIPLINE_DOCS_IMAGES") != "" {
		if err := browsertest.Screenshot(ctx, filepath.Join("..", "docs", "img", "poster.png")); err != nil {
			t.Fatal(err)
		}
	}
}
