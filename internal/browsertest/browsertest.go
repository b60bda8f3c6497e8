// Package browsertest runs tests in a real headless Chromium through chromedp:
// one fresh browser and profile per test, with the page's console errors,
// uncaught exceptions, Content-Security-Policy violations and JavaScript
// dialogs recorded so that a test can assert that none happened.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// recorder collects what went wrong in one test's page.
type recorder struct {
	mu       sync.Mutex
	problems []string
	dialogs  []string
}

func (r *recorder) add(list *[]string, s string) {
	r.mu.Lock()
	*list = append(*list, s)
	r.mu.Unlock()
}

type ctxKey struct{}

// cspProbe reports CSP violations on the console. Scripts added through the
// protocol are exempt from the page's policy, so it runs even where the page
// allows no inline script.
const cspProbe = `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// New starts a headless Chromium with a fresh profile for this test and
// returns a context for its tab. The browser closes when the test ends. It
// fails the test when Chromium is missing and cannot be installed.
func New(t testing.TB) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })

	rec := &recorder{}
	ctx = context.WithValue(ctx, ctxKey{}, rec)
	// Listen starts the browser and opens the tab.
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				rec.add(&rec.problems, "console."+string(ev.Type)+": "+argsText(ev.Args))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			rec.add(&rec.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
		case *log.EventEntryAdded:
			e := ev.Entry
			if e.Level == log.EntryLevelError || strings.Contains(e.Text, "Content Security Policy") {
				rec.add(&rec.problems, fmt.Sprintf("log %s/%s: %s %s", e.Source, e.Level, e.Text, e.URL))
			}
		case *page.EventJavascriptDialogOpening:
			rec.add(&rec.dialogs, string(ev.Type)+": "+ev.Message)
			// An open dialog blocks the page; dismiss it off the event loop.
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	})
	if err != nil {
		t.Fatalf("browsertest: unable to start %s: %v", exe, err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe}); err != nil {
		t.Fatalf("browsertest: unable to add the CSP probe: %v", err)
	}
	return ctx
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
			parts = append(parts, s)
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

func from(ctx context.Context) *recorder {
	r, _ := ctx.Value(ctxKey{}).(*recorder)
	if r == nil {
		panic("browsertest: context not made by browsertest.New")
	}
	return r
}

// Problems returns the console errors, uncaught exceptions and CSP violations
// seen since the browser started (or since the last Reset).
func Problems(ctx context.Context) []string {
	r := from(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.problems...)
}

// Dialogs returns the JavaScript dialogs (alert, confirm, prompt) that opened;
// each was dismissed.
func Dialogs(ctx context.Context) []string {
	r := from(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.dialogs...)
}

// Reset forgets the problems and dialogs recorded so far.
func Reset(ctx context.Context) {
	r := from(ctx)
	r.mu.Lock()
	r.problems, r.dialogs = nil, nil
	r.mu.Unlock()
}

// Clean fails the test with every problem and dialog recorded so far, naming
// where (a page or step), and resets the record.
func Clean(t testing.TB, ctx context.Context, where string) {
	t.Helper()
	// Console events can trail the command that caused them; a round trip
	// through the page lets the ones already emitted arrive.
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	for _, p := range Problems(ctx) {
		t.Errorf("%s: %s", where, p)
	}
	for _, d := range Dialogs(ctx) {
		t.Errorf("%s: a dialog opened: %s", where, d)
	}
	Reset(ctx)
}

// SetViewport sets the page's viewport in CSS pixels at scale 1.
func SetViewport(ctx context.Context, w, h int) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h)))
}

// Screenshot saves a PNG of the whole page (beyond the viewport) at path,
// creating its directory.
func Screenshot(ctx context.Context, path string) error {
	png, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		w, h := 1280.0, 900.0
		if vp := m.CSSLayoutViewport; vp != nil {
			w, h = float64(vp.ClientWidth), float64(vp.ClientHeight)
		}
		if cs := m.CSSContentSize; cs != nil {
			h = max(h, cs.Height)
		}
		yes := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: w, Height: h, Scale: 1},
			CaptureBeyondViewport: &yes,
			FromSurface:           &yes,
		})
		return r.Data, err
	})
	if err != nil {
		return fmt.Errorf("browsertest: unable to take a screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// Timeout bounds a test's browser work: it returns a child context of ctx
// that ends after d, so that a page that never shows what a test waits for
// fails the test instead of hanging it.
func Timeout(t testing.TB, ctx context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(ctx, d)
	t.Cleanup(cancel)
	return ctx
}

// PressKey presses and releases a letter or digit key as a person does: one
// keyDown that carries the text, so that a page that cancels the keydown (a
// keyboard shortcut) also cancels the typed character, unlike
// chromedp.KeyEvent, which sends the character as a separate event.
func PressKey(key rune) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		up := unicode.ToUpper(key)
		code := "Key" + string(up)
		if unicode.IsDigit(key) {
			code = "Digit" + string(key)
		}
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: string(key), Code: code,
			Text: string(key), UnmodifiedText: string(key), WindowsVirtualKeyCode: int64(up), NativeVirtualKeyCode: int64(up)}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		release := down
		release.Type, release.Text, release.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, release)
		return err
	})
}
