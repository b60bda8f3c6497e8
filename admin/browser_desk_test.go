package admin_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/internal/evidencetest"
	"github.com/tipline/tipline/queue"
)

// scenePhoto is a small JPEG standing for a reporter's photo of a scene.
func scenePhoto(t *testing.T) queue.NewAttachment {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := range 200 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(60 + x/4), uint8(90 + y/3), 140, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	return queue.NewAttachment{Kind: "image", FileName: "门口.jpg", MIME: "image/jpeg", Size: int64(len(data)),
		SHA256: sha256.Sum256(data), CleanStatus: "cleaned", Removed: []string{"exif"}, Data: data}
}

// TestBrowserOfficersDay walks a duty officer's day in both languages, at a
// desk's 1280 px and a phone's 390 px: the queue, a tip claimed, a question
// picked from the canned list and sent with a picture, the reporter's answer with a photo
// marked "replied" in the queue and shown in the thread, a label from the
// operations list, closing with its confirmation, and the export of the
// closed tab. Screenshots go to screenshots/, and with TIPLINE_DOCS_IMAGES
// set the README's to docs/img/.
func TestBrowserOfficersDay(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	ctx := t.Context()
	if _, err := a.queue.CreateCannedQuestion(ctx, "请问具体是在哪个位置？附近有什么明显的标志？", "Where exactly is it? Is there a landmark nearby?"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.queue.CreateOperation(ctx, "净边2026", "Clean Border 2026"); err != nil {
		t.Fatal(err)
	}
	// The README shows these two.
	docs := os.Getenv("TIPLINE_DOCS_IMAGES") != ""
	readme := map[string]bool{"desk-zh-CN-tip.png": true, "desk-en-390-tip.png": true}
	shot := func(name string) {
		t.Helper()
		a.screenshot(name)
		if docs && readme[name] {
			if err := browsertest.Screenshot(a.ctx, filepath.Join(repoRoot(t), "docs", "img", name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	a.login()

	for _, tc := range []struct {
		lang, reporterLocale, answer, label, closed, replied string
	}{
		{"zh-CN", "zh-CN", "在东风路星空网吧后门，门口有一棵大樟树，照片是昨晚拍的。", "净边2026", "已办结", "已回复"},
		{"en", "en", "Behind the Xingkong internet cafe on Dongfeng Road, by the big camphor tree. Photo from last night.", "Clean Border 2026", "Closed", "Replied"},
	} {
		if tc.lang == "en" {
			a.open("/queue", "queue")
			a.load("queue", chromedp.Click(chromedp.CSS(`form[action="/account/locale"] button`)))
		}
		if err := browsertest.SetViewport(a.ctx, 1280, 900); err != nil {
			t.Fatal(err)
		}
		id := a.submit("东风路一家网吧后门晚上有人卖零包，常骑一辆无牌摩托车，电话13800138000。")
		a.db.MustExec(`UPDATE tips SET locale = $2 WHERE id = $1`, id, tc.reporterLocale)
		path := "/tips/" + strconv.FormatInt(id, 10)

		a.open(path, "tip")
		a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/claim"] button[type=submit]`)))
		a.do("opening the canned questions", chromedp.Click(chromedp.CSS(`details.canned summary`)))
		a.do("picking the question", chromedp.Click(chromedp.CSS(`details.canned a[data-canned]`)))
		asked := eval[string](a, `document.getElementById("f-ask").value`)
		if !strings.Contains(asked, map[string]string{"zh-CN": "具体是在哪个位置", "en": "Where exactly"}[tc.reporterLocale]) {
			t.Fatalf("%s: the canned question filled %q", tc.lang, asked)
		}
		a.do("editing it", chromedp.SendKeys(chromedp.ID("f-ask"), map[string]string{"zh-CN": "谢谢！", "en": " Thank you!"}[tc.reporterLocale]))
		// A picture of the car for the reporter to recognise; it carries its
		// taker's name, which must not leave with it.
		car := filepath.Join(t.TempDir(), "car.jpg")
		if err := os.WriteFile(car, evidencetest.CommentedJPEG(t, "Officer Wang"), 0o600); err != nil {
			t.Fatal(err)
		}
		a.do("attaching the picture", chromedp.SetUploadFiles(chromedp.ID("f-ask-image"), []string{car}))
		a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/ask"] button[type=submit]`)))
		if n := eval[int](a, `document.querySelectorAll(".thread li.to_reporter img").length`); n != 1 {
			t.Errorf("%s: the question shows %d images in the thread, want its picture", tc.lang, n)
		}

		_, _, dialogue, err := a.queue.Timeline(ctx, id)
		if err != nil || len(dialogue) != 1 || !strings.HasSuffix(dialogue[0].Body, map[string]string{"zh-CN": "谢谢！", "en": " Thank you!"}[tc.reporterLocale]) {
			t.Fatalf("%s: the question sent: %+v %v", tc.lang, dialogue, err)
		}
		if _, err := a.queue.AnswerQuestion(ctx, a.db, id, dialogue[0].ID, tc.answer, []queue.NewAttachment{scenePhoto(t)}); err != nil {
			t.Fatal(err)
		}

		a.open("/queue?mine=1", "queue")
		if got := eval[string](a, `document.querySelector("table.tips tbody tr .badge.replied").textContent`); got != tc.replied {
			t.Errorf("%s: the replied badge reads %q", tc.lang, got)
		}
		if first := eval[string](a, `document.querySelector("table.tips tbody tr a").getAttribute("href")`); first != path {
			t.Errorf("%s: the replied tip is not first in the officer's list: %s", tc.lang, first)
		}
		shot(fmt.Sprintf("desk-%s-queue.png", tc.lang))

		a.open(path, "tip")
		if got := eval[string](a, `document.querySelector(".thread li.from_reporter .body").textContent`); got != tc.answer {
			t.Errorf("%s: the answer in the thread reads %q", tc.lang, got)
		}
		photo := `(function () { var img = document.querySelector(".thread li.from_reporter img"); if (!img) return false; img.scrollIntoView(); return img.complete && img.naturalWidth === 320; })()`
		if _, err := chromedp.Run(a.ctx, chromedp.Poll[bool](photo, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("%s: the answer's photo is not shown in the thread: %v", tc.lang, err)
		}
		a.do("typing a label", chromedp.SendKeys(chromedp.ID("f-label"), tc.label))
		a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/labels"] button[type=submit]`)))
		if got := eval[string](a, `document.querySelector(".labels a.operation").textContent`); got != tc.label {
			t.Errorf("%s: the label reads %q", tc.lang, got)
		}
		eval[bool](a, `(window.scrollTo(0, 0), true)`)
		shot(fmt.Sprintf("desk-%s-tip.png", tc.lang))

		// Closing needs its box ticked: without it the browser keeps the form.
		a.do("choosing the resolution", chromedp.SetValue(chromedp.ID("f-res"), string(queue.Unfounded)))
		a.do("pressing close unconfirmed", chromedp.Click(chromedp.CSS(`form[action$="/close"] button[type=submit]`)))
		if tip, _ := a.queue.Get(ctx, id); tip.State == queue.StateClosed {
			t.Fatalf("%s: closed without the confirmation", tc.lang)
		}
		a.do("confirming", chromedp.Click(chromedp.CSS(`form[action$="/close"] input[name=confirm]`)))
		a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/close"] button[type=submit]`)))
		if tip, err := a.queue.Get(ctx, id); err != nil || tip.State != queue.StateClosed {
			t.Fatalf("%s: after confirming, the tip is %s (%v)", tc.lang, tip.State, err)
		}

		// The closed tab's export, as the tab's button links it.
		a.open("/queue?state=closed", "queue")
		if got := eval[string](a, `document.querySelector(".tabs a[aria-current=page]").textContent`); !strings.Contains(got, tc.closed) {
			t.Errorf("%s: the current tab reads %q", tc.lang, got)
		}
		csv := browsertest.Eval[string](t, a.ctx, `fetch(document.querySelector('a[href^="/export.csv"]').getAttribute("href")).then(r => r.text())`,
			chromedp.EvalAwaitPromise)
		if !strings.Contains(csv, "\n"+strconv.FormatInt(id, 10)+",") || !strings.Contains(csv, tc.label) {
			t.Errorf("%s: the closed tab's export lacks the tip or its label:\n%s", tc.lang, csv)
		}

		// The same pages on a phone.
		if err := browsertest.SetViewport(a.ctx, 390, 844); err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct{ path, page string }{{"/queue?state=closed", "queue"}, {path, "tip"}} {
			a.open(p.path, p.page)
			a.fitsWidth(tc.lang+" "+p.page, 390)
			shot(fmt.Sprintf("desk-%s-390-%s.png", tc.lang, p.page))
		}
	}
}
