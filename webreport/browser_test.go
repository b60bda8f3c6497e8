package webreport

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/queue"
)

// TestBrowserReport is a citizen on a cheap phone in WeChat's browser, 360
// CSS pixels wide: a report with two photos (one with GPS in its EXIF), the
// receipt, the status, an officer's question answered with a photo, and the
// closing notice. In Chinese with JavaScript on, and in English with it off;
// no page breaks its CSP, logs an error, opens a dialog or scrolls sideways.
// With TIPLINE_DOCS_IMAGES set the screenshots go to docs/img (web-*.png).
func TestBrowserReport(t *testing.T) {
	for _, run := range []struct {
		lang string
		js   bool
	}{{"zh", true}, {"en", false}} {
		t.Run(fmt.Sprintf("%s js=%v", run.lang, run.js), func(t *testing.T) {
			browserReport(t, run.lang, run.js)
		})
	}
}

func browserReport(t *testing.T, lang string, js bool) {
	b := setup(t)
	ctx := browsertest.New(t)
	ctx = browsertest.Timeout(t, ctx, 120*time.Second)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do("emulating the phone", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: wechatAgent}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js})
		return err
	}))
	shots := t.TempDir()
	if os.Getenv("TIPLINE_DOCS_IMAGES") != "" {
		shots = filepath.Join("..", "docs", "img")
	}
	n := 0
	page := func(want string, trigger chromedp.Action[chromedp.Void]) {
		t.Helper()
		browsertest.Load(t, ctx, want, trigger)
		if sw := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); sw > 360 {
			t.Errorf("%s scrolls sideways: %d px", want, sw)
		}
		if size := browsertest.Eval[int](t, ctx, `document.documentElement.outerHTML.length`); size > 50<<10 {
			t.Errorf("%s is %d bytes", want, size)
		}
	}
	shot := func(name string) {
		t.Helper()
		n++
		if err := browsertest.Screenshot(ctx, filepath.Join(shots, fmt.Sprintf("web-%s-%02d-%s.png", lang, n, name))); err != nil {
			t.Fatal(err)
		}
	}
	next := chromedp.Click(chromedp.CSS(`main form.step button[type=submit]`))
	text := func() string { return browsertest.Eval[string](t, ctx, `document.querySelector("main").innerText`) }
	want := func(where string, s ...string) {
		t.Helper()
		got := text()
		for _, x := range s {
			if !strings.Contains(got, x) {
				t.Fatalf("%s does not say %q:\n%s", where, x, got)
			}
		}
	}
	words := map[string][2]string{
		"start": {"这条线索属于哪一类", "What is it about"},
		"now":   {"110", "110"},
		"kept":  {"已上传", "Uploaded"},
		"state": {"需要您补充信息", "information needed"},
		"done":  {"已转交办案人员", "passed to the officer"},
	}
	w := func(k string) string {
		if lang == "en" {
			return words[k][1]
		}
		return words[k][0]
	}

	page("start", chromedp.Navigate(b.srv.URL+"/r/"))
	if lang == "en" {
		page("start", chromedp.Click(chromedp.CSS("header a.lang")))
	}
	want("the start page", w("start"))
	shot("start")
	do("choosing a category", chromedp.Click(chromedp.CSS(`input[value=selling]`)))
	page("where", next)
	do("saying where", chromedp.SetValue(chromedp.ID("area"), "dongshan"),
		chromedp.SendKeys(chromedp.ID("place"), "东山街道某小区3栋后门"))
	shot("where")
	page("when", next)
	do("choosing now", chromedp.Click(chromedp.CSS(`input[value=now]`)))
	shot("when")
	page("description", next)
	want("the description page", w("now"))
	do("describing", chromedp.SendKeys(chromedp.ID("description"), "有人每天晚上九点在小区后门卖冰毒，开一辆白色面包车，车牌湘U·12345。"))
	shot("description")
	page("evidence", next)
	dir := t.TempDir()
	gps, plain := filepath.Join(dir, "IMG_20261207_2101.jpg"), filepath.Join(dir, "IMG_20261207_2102.jpg")
	if err := os.WriteFile(gps, photoJPEG(t, 5, true), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, photoJPEG(t, 6, false), 0o600); err != nil {
		t.Fatal(err)
	}
	do("choosing two photos", chromedp.SetUploadFiles(chromedp.ID("files"), []string{gps, plain}))
	if js {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#previews img").length === 2`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("no previews: %v", err)
		}
		shot("evidence-chosen")
	}
	page("evidence", chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)))
	if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll("ul.files li").length`); got != 2 {
		t.Fatalf("%d files listed:\n%s", got, text())
	}
	want("the evidence page", w("kept"))
	shot("evidence")
	page("review", chromedp.Click(chromedp.CSS(`.nav a.primary`)))
	want("the review", "湘U·12345", "东山街道某小区3栋后门")
	shot("review")
	b.wait(time.Minute)
	page("receipt", chromedp.Click(chromedp.CSS(`#submit button[type=submit]`)))
	shot("receipt")
	code := browsertest.Eval[string](t, ctx, `document.getElementById("code").value`)
	if js && browsertest.Eval[int](t, ctx, `document.querySelectorAll("button.copy").length`) != 1 {
		t.Error("no copy button with JavaScript on")
	}
	// A refresh shows the same receipt.
	page("receipt", chromedp.Reload())
	if again := browsertest.Eval[string](t, ctx, `document.getElementById("code").value`); again != code {
		t.Fatalf("refresh: %s, then %s", code, again)
	}
	tip := b.tipOf(code)
	if n := b.count(`SELECT count(*) FROM attachments WHERE tip_id = $1`, tip); n != 2 {
		t.Fatalf("%d photos with the tip", n)
	}
	var data [][]byte
	if err := b.db.Select(&data, `SELECT data FROM attachments WHERE tip_id = $1`, tip); err != nil {
		t.Fatal(err)
	}
	for _, d := range data {
		if bytes.Contains(d, []byte(gpsMarker)) {
			t.Fatal("a photo kept its GPS EXIF")
		}
	}

	duty := b.officer()
	if _, err := b.queue.Claim(t.Context(), duty, tip, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.queue.AskReporter(t.Context(), duty, tip, "车是什么颜色、什么牌子？能拍到车牌吗？", 0); err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		page("status", chromedp.Navigate(b.srv.URL+"/r/status"))
		do("typing the receipt", chromedp.SendKeys(chromedp.ID("receipt"), strings.ToLower(code)))
		page("status_view", next)
	}
	check()
	want("the status", w("state"), "车是什么颜色")
	shot("status-question")
	answer := filepath.Join(dir, "car.jpg")
	if err := os.WriteFile(answer, photoJPEG(t, 7, true), 0o600); err != nil {
		t.Fatal(err)
	}
	do("answering", chromedp.SendKeys(chromedp.CSS(`.question textarea`), "白色五菱面包车，照片在这里。"),
		chromedp.SetUploadFiles(chromedp.CSS(`.question input[type=file]`), []string{answer}))
	page("status_view", chromedp.Click(chromedp.CSS(`.question button[type=submit]`)))
	want("the answered status", w("done"))
	shot("status-answered")
	if n := b.count(`SELECT count(*) FROM attachments a JOIN dialogue d ON d.id = a.dialogue_id WHERE d.tip_id = $1`, tip); n != 1 {
		t.Fatalf("%d photos with the answer", n)
	}

	if _, err := b.queue.Close(t.Context(), duty, tip, queue.Actioned, 0, 0); err != nil {
		t.Fatal(err)
	}
	check()
	want("the closed status", b.cfg.Notices.Closed.In(map[string]string{"zh": "zh-CN", "en": "en"}[lang]))
	shot("status-closed")
}
