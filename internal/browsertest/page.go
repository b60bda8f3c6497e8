package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Eval evaluates a JavaScript expression in the page, failing the test on error.
func Eval[T any](t testing.TB, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Load runs trigger (a click, a key, a navigation), waits for the page it leads
// to, checks that it is the admin page named want (its body's data-page) and
// that nothing went wrong in the browser on the way (see Clean).
func Load(t testing.TB, ctx context.Context, want string, trigger chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		t.Fatalf("loading %s: %v", want, err)
	}
	if got := Eval[string](t, ctx, `document.body.dataset.page || ""`); got != want {
		t.Fatalf("on page %q (%s), want %q: %s", got, Eval[string](t, ctx, `location.href`), want,
			Eval[string](t, ctx, `document.querySelector("main") ? document.querySelector("main").innerText.slice(0, 300) : ""`))
	}
	Clean(t, ctx, want+" page")
}
