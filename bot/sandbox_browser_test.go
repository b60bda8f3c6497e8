package bot_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

// TestSandboxInTheBrowser plays a citizen in the sandbox web chat, in a real
// browser: start, report a drug driver step by step in Chinese with a photo
// chosen through the file input, consent and submit; the receipt shows in the
// chat and the tip is in the queue with the photo cleaned of its comment. The
// page's English labels are checked once, and no page logs an error or breaks
// its CSP.
func TestSandboxInTheBrowser(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.Keys = config.Keys{Reporter: strings.Repeat("A", 43) + "=", Seal: strings.Repeat("B", 43) + "=", Receipt: strings.Repeat("C", 43) + "="}
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.Workers = "sandbox", "", 2
	cfg.Location = time.UTC
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	db := pgtest.DB(t)
	store := queue.NewStore(db, &cfg, receiptKey)
	svc, err := bot.New(bot.Deps{Config: &cfg, DB: db, Queue: store, Keys: keys, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = svc.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done })

	mux := http.NewServeMux()
	mux.Handle("/sandbox/", svc.SandboxHandler())
	srv := httptest.NewServer(mux) // listens on 127.0.0.1, as the sandbox requires
	t.Cleanup(srv.Close)

	ctx := browsertest.Timeout(t, browsertest.New(t), 60*time.Second)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	chatText := func() string { return eval(`document.getElementById("chat").innerText`) }
	// message finds the newest shown message holding text, and in it the
	// button labelled label (any button when label is empty).
	message := func(text, label string) string {
		return `(function () {
			var ms = [...document.querySelectorAll("#chat .msg:not(.deleted)")];
			for (var i = ms.length - 1; i >= 0; i--) {
				if (!ms[i].textContent.includes(` + strconv.Quote(text) + `)) continue;
				var b = [...ms[i].querySelectorAll("button")].find(b => b.textContent.includes(` + strconv.Quote(label) + `));
				if (b) return b;
			}
			return null;
		})()`
	}
	waitFor := func(text, label string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!"+message(text, label), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("waiting for %q with button %q: %v\nchat:\n%s", text, label, err, chatText())
		}
	}
	press := func(text, label string) {
		t.Helper()
		waitFor(text, label)
		do("pressing "+label, chromedp.Click(chromedp.JSPath(message(text, label))))
	}
	say := func(text string) {
		t.Helper()
		do("saying "+text, chromedp.SendKeys(chromedp.ID("text"), text), chromedp.Click(chromedp.CSS("#say button")))
	}

	// The page in English, once.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Navigate(srv.URL+"/sandbox/?lang=en"))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`[document.documentElement.lang, document.querySelector("h1").textContent, document.querySelector("#say button").textContent, document.getElementById("text").placeholder, document.getElementById("where").textContent].join("|")`); got != "en|Tip line sandbox|Send|Type a message…|Share location" {
		t.Errorf("English labels: %q", got)
	}
	browsertest.Clean(t, ctx, "English sandbox page")

	// Back to Chinese through the page's own link.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("header a")))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.documentElement.lang + "|" + document.querySelector("#say button").textContent`); got != "zh-CN|发送" {
		t.Fatalf("Chinese labels: %q", got)
	}
	do("sizing the window", chromedp.EmulateViewport(800, 900))

	say("/start")
	press("", "举报线索")
	waitFor("第 1 步", "毒驾")
	if os.Getenv("TIPLINE_DOCS_IMAGES") != "" {
		// Only on request, so that a test run leaves the committed image alone.
		if err := browsertest.Screenshot(ctx, filepath.Join("..", "docs", "img", "sandbox.png")); err != nil {
			t.Fatal(err)
		}
	}
	press("第 1 步", "毒驾")
	press("第 2 步", "东山街道")
	press("第 3 步", "今天")
	waitFor("第 4 步", "完成")
	const description = "一辆白色面包车,车牌湘C88888,司机经常吸毒后开车。"
	say(description)
	press("共 ", "完成")
	// What the person typed stays in the chat, on their side.
	if got := eval(`[...document.querySelectorAll("#chat .msg.mine")].map(m => m.textContent).join("|")`); !strings.Contains(got, description) {
		t.Errorf("the chat does not show the person's own message: %q", got)
	}

	waitFor("第 5 步", "跳过")
	photo := filepath.Join(t.TempDir(), "现场.jpg")
	if err := os.WriteFile(photo, jpegWithComment(t, "owner ZhangWei 13912345678"), 0o600); err != nil {
		t.Fatal(err)
	}
	do("choosing the photo", chromedp.SetUploadFiles(chromedp.ID("file"), []string{photo}))
	press("已收到 1 个文件", "完成")
	press("最后一步", "我用回执码自己查询")
	press("请核对", "提交")

	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("chat").textContent.includes("您的回执码是")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("no receipt: %v\nchat:\n%s", err, chatText())
	}
	browsertest.Clean(t, ctx, "Chinese sandbox chat")
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(chatText())
	if code == "" {
		t.Fatalf("no receipt code in the chat:\n%s", chatText())
	}
	view, err := store.LookupReceipt(t.Context(), db, queue.Receipt(code))
	if err != nil {
		t.Fatal(err)
	}
	tip, err := store.Get(t.Context(), view.TipID)
	if err != nil {
		t.Fatal(err)
	}
	if tip.Category != "drug_driving" || tip.AreaCode != "dongshan" || tip.Occurred != queue.OccurredToday || !strings.Contains(tip.Description, "湘C88888") {
		t.Fatalf("tip: %+v", tip)
	}
	atts, err := store.Attachments(t.Context(), tip.ID)
	if err != nil || len(atts) != 1 || atts[0].Kind != "image" || atts[0].CleanStatus != "cleaned" {
		t.Fatalf("attachments %+v %v", atts, err)
	}
	_, data, err := store.AttachmentData(t.Context(), tip.ID, atts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("ZhangWei")) || bytes.Contains(data, []byte("13912345678")) {
		t.Error("the stored photo still holds its comment")
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("the stored photo is no JPEG: %v", err)
	}
}

// jpegWithComment is a small JPEG with a COM segment holding secret.
func jpegWithComment(t *testing.T, secret string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range 32 {
		img.Set(i, i, color.RGBA{30, 90, 200, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	out := append([]byte{}, raw[:2]...)
	out = append(out, 0xFF, 0xFE, 0, byte(len(secret)+2))
	out = append(out, secret...)
	return append(out, raw[2:]...)
}
