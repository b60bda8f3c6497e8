package admin_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/queue"
)

// The payloads a hostile reporter sends, hoping an officer's browser runs them.
const (
	scriptTag = `<script>alert(1)</script>`
	imgTag    = `"><img src=x onerror=alert(1)>`
	jsLink    = `javascript:alert(1)`
	rlo       = "\u202E" // right-to-left override: "gpj.exe" shows as "exe.jpg"
)

// TestBrowserHostileTipShowsAsText opens, on a 360 px phone, a tip whose
// description, file names, entities and dialogue carry markup, script links,
// a right-to-left override and a 10,000-character line: all of it shows as
// text, nothing runs, nothing the payload describes exists in the page, and
// the page does not scroll sideways.
func TestBrowserHostileTipShowsAsText(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	long := strings.Repeat("长", 2000) + strings.Repeat("x", 8000)
	description := strings.Join([]string{
		"卖家 " + scriptTag,
		"联系 " + imgTag,
		"链接 " + jsLink + " https://evil.example/a" + imgTag,
		"微信 wx_" + rlo + "gpj.exe 电话13800138000 @evil_" + imgTag,
		long,
	}, "\n")
	doc := []byte("%PDF-1.4 not really")
	id := a.submit(description,
		pngAttachment(t, imgTag+".png"),
		queue.NewAttachment{Kind: "document", FileName: scriptTag + rlo + "fdp.exe", MIME: "application/pdf", Size: int64(len(doc)),
			SHA256: sha256.Sum256(doc), CleanStatus: "uncleanable", Data: doc})
	tipPath := fmt.Sprintf("/tips/%d", id)

	a.login()
	if err := browsertest.SetViewport(a.ctx, 360, 740); err != nil {
		t.Fatal(err)
	}
	a.open(tipPath, "tip")
	// A note typed through the page is shown as text as well.
	a.do("typing a note", chromedp.SendKeys(chromedp.ID("f-note"), scriptTag+imgTag))
	a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/note"] button[type=submit]`)))

	if got := eval[string](a, `document.querySelector(".description").textContent`); got != description {
		t.Errorf("description text differs from what was sent (%d vs %d characters)", len([]rune(got)), len([]rune(description)))
	}
	text := eval[string](a, `document.querySelector("main").textContent`)
	for _, want := range []string{scriptTag + rlo + "fdp.exe", "13800138000"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	if got := eval[string](a, `document.querySelector(".thread li.note .body").textContent`); got != scriptTag+imgTag {
		t.Errorf("note shows %q", got)
	}
	if alt := eval[string](a, `document.querySelector(".attachments img").getAttribute("alt")`); alt != imgTag+".png" {
		t.Errorf("image alt %q", alt)
	}
	checks := map[string]string{
		"an img with src=x":          `document.querySelectorAll("img[src=x], img[src='x']").length`,
		"an img outside attachments": `[...document.images].filter(i => !i.closest(".attachments")).length`,
		"a script in the body":       `document.body.querySelectorAll("script").length`,
		"a javascript: link":         `[...document.querySelectorAll("a[href]")].filter(l => l.protocol === "javascript:").length`,
		"an inline event handler":    `[...document.querySelectorAll("*")].filter(e => [...e.attributes].some(at => at.name.startsWith("on"))).length`,
	}
	for what, expr := range checks {
		if n := eval[int](a, expr); n != 0 {
			t.Errorf("the page holds %d of %s", n, what)
		}
	}
	if d := browsertest.Dialogs(a.ctx); len(d) != 0 {
		t.Errorf("dialogs opened: %q", d)
	}
	a.fitsWidth("hostile tip page", 360)
	browsertest.Clean(t, a.ctx, "hostile tip page")
	a.screenshot("hostile-tip-360.png")
}

// TestBrowserPagesFitPhonesInBothLanguages opens every page of an
// administrator over a seeded queue: at 360×740 none scrolls sideways; at
// desktop width each is saved as a screenshot in Chinese and, after switching
// the language through the header's button, in English.
func TestBrowserPagesFitPhonesInBothLanguages(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	if err := queue.Seed(t.Context(), a.db, a.cfg, []byte("receipt-key-for-browser-tests-0123"), 14, nil); err != nil {
		t.Fatal(err)
	}
	id := a.submit("湘乡东山街道某网吧后门有人卖零包,电话13800138000,晚上十点后出现。", pngAttachment(t, "现场.png"))
	// A digest sent late, delivered to the office chat and failed by email with
	// a long error, as the scheduler stores them.
	if _, err := a.db.ExecContext(t.Context(), `
		WITH d AS (INSERT INTO digests (job, period_start, period_end, late, text_zh, text_en)
		           VALUES ('digest_daily', now() - interval '2 days', now() - interval '1 day', true, '日报', 'Daily digest') RETURNING id)
		INSERT INTO digest_deliveries (digest_id, channel, target, state, attempts, last_error, sent_at)
		SELECT id, 'telegram', '-1001234567890', 'sent', 1, NULL, now() FROM d UNION ALL
		SELECT id, 'email', 'chief.of.the.anti.drug.office@xiangxiang.example.org', 'failed', 5,
		       '535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6 (a very long SMTP answer that goes on and on)', NULL FROM d`); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ path, name string }{
		{"/queue", "queue"},
		{fmt.Sprintf("/tips/%d", id), "tip"},
		{"/dashboard", "dashboard"},
		{"/officers", "officers"},
		{"/audit", "audit"},
		{"/health", "health"},
		{"/leaders", "leaders"},
		{"/canned", "canned"},
		{"/digests/preview?period=daily", "digests"},
	}
	a.login()

	if err := browsertest.SetViewport(a.ctx, 360, 740); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		a.open(p.path, p.name)
		a.fitsWidth(p.name+" page", 360)
		a.screenshot("zh-CN-360-" + p.name + ".png")
	}
	// The digests page shows the stored run and a real preview of the scheduler.
	if got := eval[string](a, `document.querySelector(".digest.preview pre").textContent`); !strings.Contains(got, "日报") || !strings.Contains(got, "逾期线索") {
		t.Errorf("daily preview text: %q", got)
	}
	if got := eval[string](a, `[...document.querySelectorAll("tr.delivery")].map(r => r.className + ":" + r.cells[2].textContent).join("|")`); got != "delivery sent:已发送|delivery failed:发送失败" {
		t.Errorf("deliveries: %q", got)
	}

	if err := browsertest.SetViewport(a.ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	for i, lang := range []string{"zh-CN", "en"} {
		if i > 0 {
			a.open("/queue", "queue")
			a.load("queue", chromedp.Click(chromedp.CSS(`form[action="/account/locale"] button`)))
		}
		for _, p := range pages {
			a.open(p.path, p.name)
			if got := eval[string](a, `document.documentElement.lang`); got != lang {
				t.Fatalf("%s page in %q, want %q", p.name, got, lang)
			}
			a.screenshot(lang + "-" + p.name + ".png")
		}
	}
	if got := eval[string](a, `document.querySelector("header nav a").textContent`); got != "Queue" {
		t.Errorf("English navigation reads %q", got)
	}

	// The README's picture of the queue, in Chinese.
	a.open("/queue", "queue")
	a.load("queue", chromedp.Click(chromedp.CSS(`form[action="/account/locale"] button`)))
	if err := browsertest.SetViewport(a.ctx, 800, 900); err != nil {
		t.Fatal(err)
	}
	a.open("/queue", "queue")
	if got := eval[string](a, `document.documentElement.lang`); got != "zh-CN" {
		t.Fatalf("queue in %q after switching back", got)
	}
	if n := eval[int](a, `document.querySelectorAll("table.tips tbody tr").length`); n < 5 {
		t.Fatalf("seeded queue shows %d tips", n)
	}
	if os.Getenv("TIPLINE_DOCS_IMAGES") != "" {
		// Only on request, so that a test run leaves the committed image alone.
		if err := browsertest.Screenshot(a.ctx, filepath.Join(repoRoot(t), "docs", "img", "admin-queue.png")); err != nil {
			t.Fatal(err)
		}
	}
}
