package admin_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/admin"
	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/jobs"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

const browserPassword = "correct horse battery staple"

// browserApp is one test's admin over real PostgreSQL and HTTP, with a real
// browser logged in as an administrator.
type browserApp struct {
	t       *testing.T
	db      *sqlx.DB
	cfg     *config.Config
	queue   *queue.Store
	keys    *anon.Keys
	url     string
	ctx     context.Context
	officer officer.Officer
}

func newBrowserApp(t *testing.T) *browserApp { t.Helper(); return newBrowserAppWith(t, nil) }

// newBrowserAppWith lets a test change the configuration before anything starts.
func newBrowserAppWith(t *testing.T, configure func(*config.Config)) *browserApp {
	t.Helper()
	db := pgtest.DB(t)
	cfg := config.Default()
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	key := func(s string) string {
		return base64.StdEncoding.EncodeToString([]byte(s + "-key-for-browser-tests-0123456789"))
	}
	cfg.Keys = config.Keys{Reporter: key("reporter"), Seal: key("seal"), Receipt: key("receipt")}
	if configure != nil {
		configure(&cfg)
	}
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	q := queue.NewStore(db, &cfg, receiptKey)
	sch, err := jobs.New(jobs.Deps{Config: &cfg, DB: db, Queue: q})
	if err != nil {
		t.Fatal(err)
	}
	s, err := admin.New(admin.Deps{Config: &cfg, DB: db, Queue: q, Keys: keys, Digests: admin.SchedulerDigests(sch)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	o, err := officer.NewStore(db).Create(t.Context(), "chen", "admin", browserPassword)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	// Long enough for the tour of every page in both languages with its
	// screenshots under -race beside the other packages' tests on two cores
	// (over 40 s once); it only stops a page that never shows.
	ctx = browsertest.Timeout(t, ctx, 90*time.Second)
	return &browserApp{t: t, db: db, cfg: &cfg, queue: q, keys: keys, url: srv.URL, ctx: ctx, officer: o}
}

var reporters atomic.Int64

func (a *browserApp) submit(description string, atts ...queue.NewAttachment) int64 {
	a.t.Helper()
	id, _, err := a.queue.Submit(a.t.Context(), a.db, queue.Submission{
		Kind:        queue.KindReport,
		ReporterRef: anon.Ref(sha256.Sum256([]byte("browser reporter " + strconv.FormatInt(reporters.Add(1), 10)))),
		Locale:      "zh-CN",
		Category:    "selling",
		AreaCode:    "dongshan",
		Occurred:    queue.OccurredToday,
		Description: description,
		ContactMode: queue.ContactCode,
		Attachments: atts,
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// do runs steps and fails the test on error.
func (a *browserApp) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, steps...); err != nil {
		a.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](a *browserApp, expr string) T {
	a.t.Helper()
	return browsertest.Eval[T](a.t, a.ctx, expr)
}

// load runs trigger (a click, a key, a navigation) and waits for the page it
// leads to, which must be the page named want (its body's data-page).
func (a *browserApp) load(want string, trigger chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	browsertest.Load(a.t, a.ctx, want, trigger)
}

func (a *browserApp) open(path, want string) {
	a.t.Helper()
	a.load(want, chromedp.Navigate(a.url+path))
}

func (a *browserApp) login() {
	a.t.Helper()
	a.open("/login", "login")
	a.do("typing the login",
		chromedp.SendKeys(chromedp.ID("username"), a.officer.Username),
		chromedp.SendKeys(chromedp.ID("password"), browserPassword))
	a.load("queue", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
}

// fitsWidth fails the test when the page scrolls sideways at its viewport.
func (a *browserApp) fitsWidth(where string, width int) {
	a.t.Helper()
	if sw := eval[int](a, `document.documentElement.scrollWidth`); sw > width {
		wide := eval[string](a, `(function () {
			var out = [];
			document.querySelectorAll("body *").forEach(function (el) {
				var r = el.getBoundingClientRect();
				if (r.right > document.documentElement.clientWidth + 1 && !(el.parentElement && el.parentElement.closest("table")) && out.length < 5) out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " right=" + Math.round(r.right));
			});
			return out.join(", ");
		})()`)
		a.t.Errorf("%s scrolls sideways at %d px: scrollWidth %d; too wide: %s", where, width, sw, wide)
	}
}

func (a *browserApp) screenshot(name string) {
	a.t.Helper()
	if err := browsertest.Screenshot(a.ctx, filepath.Join(repoRoot(a.t), "screenshots", name)); err != nil {
		a.t.Fatal(err)
	}
}

func repoRoot(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd) // tests run in admin/
}

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 16 {
		img.Set(i, i, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngAttachment(t *testing.T, name string) queue.NewAttachment {
	data := tinyPNG(t)
	return queue.NewAttachment{Kind: "image", FileName: name, MIME: "image/png", Size: int64(len(data)),
		SHA256: sha256.Sum256(data), CleanStatus: "cleaned", Removed: []string{"exif"}, Data: data}
}

// TestBrowserTriage walks a tip from a citizen's Telegram chat to its close:
// the citizen reports through the real bot service and the Bot API emulator,
// consenting to be contacted; an officer in a real browser claims it with the
// keyboard and asks a question; the citizen's chat gets the question with an
// Answer button, the citizen answers, and the answer shows in the tip's
// timeline with the tip back in review; the officer closes it and the citizen
// gets the closing notice. No page logs an error or breaks its CSP.
func TestBrowserTriage(t *testing.T) {
	t.Parallel()
	const token = "123456:admin-browser-token"
	tg := telegramtest.New(telegramtest.Options{Token: token})
	apiURL := tg.Start()
	t.Cleanup(tg.Close)
	a := newBrowserAppWith(t, func(cfg *config.Config) {
		cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.APIURL, cfg.Bot.Workers = "polling", token, apiURL, 2
		cfg.Limits.SendPerChatSecond, cfg.Limits.SendPerSecond = 1000, 1000
	})
	svc, err := bot.New(bot.Deps{Config: a.cfg, DB: a.db, Queue: a.queue, Keys: a.keys, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Second)
	done := make(chan struct{})
	go func() { defer close(done); _ = svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	// The citizen's chat: wait for a message after from whose text holds text
	// and, when prefix is set, that has a button whose data starts with it.
	u := tg.NewUser(telegramtest.UserOptions{ID: 7309876543, FirstName: "Fang", Username: "fang_secret", LanguageCode: "zh-hans"})
	wait := func(from int, prefix, text string) (telegramtest.Message, string) {
		t.Helper()
		var found telegramtest.Message
		var data string
		err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
			for i := len(ms) - 1; i >= from; i-- {
				if !strings.Contains(ms[i].Text, text) {
					continue
				}
				for _, row := range ms[i].InlineKeyboard {
					for _, b := range row {
						if prefix != "" && strings.HasPrefix(b.CallbackData, prefix) {
							found, data = ms[i], b.CallbackData
							return true
						}
					}
				}
				if prefix == "" {
					found = ms[i]
					return true
				}
			}
			return false
		})
		if err != nil {
			var seen []string
			for _, m := range u.Messages() {
				seen = append(seen, fmt.Sprintf("%q %v", m.Text, m.InlineKeyboard))
			}
			t.Fatalf("waiting for %q %q in the citizen's chat: %v; the chat holds:\n%s", prefix, text, err, strings.Join(seen, "\n"))
		}
		return found, data
	}
	press := func(prefix, text string) {
		t.Helper()
		m, data := wait(0, prefix, text)
		if _, err := u.Press(m, data); err != nil {
			t.Fatal(err)
		}
	}
	u.SendCommand("/start")
	press("m:report", "")
	press("c:selling", "")
	press("a:dongshan", "")
	press("o:today", "")
	u.SendText("湘乡东山街道某网吧后门有人卖零包,晚上十点后出现。")
	press("d:done", "")
	press("e:done", "")
	press("k:chat", "")
	press("r:submit", "")
	wait(0, "", "回执码")

	a.login()
	// "c" claims the next tip, the citizen's, and opens it.
	a.load("tip", browsertest.PressKey('c'))
	id, err := strconv.ParseInt(strings.TrimPrefix(eval[string](a, `location.pathname`), "/tips/"), 10, 64)
	if err != nil {
		t.Fatalf("claim next opened %s", eval[string](a, `location.pathname`))
	}
	tip, err := a.queue.Get(t.Context(), id)
	if err != nil || tip.State != queue.StateInReview || tip.AssigneeID == nil || *tip.AssigneeID != a.officer.ID ||
		tip.ContactMode != queue.ContactChat || !strings.Contains(tip.Description, "网吧后门") {
		t.Fatalf("after claim: %+v %v", tip, err)
	}

	// "a" goes to the question box; the question lands in the timeline.
	a.do("pressing a", browsertest.PressKey('a'))
	if f := eval[string](a, `document.activeElement.id`); f != "f-ask" {
		t.Fatalf("after pressing a, focus is on %q", f)
	}
	const question = "具体是哪家网吧?大概几点?"
	a.do("typing the question", chromedp.SendKeys(chromedp.ID("f-ask"), question))
	a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/ask"] button[type=submit]`)))
	if got := eval[string](a, `document.querySelector(".flash").textContent`); !strings.Contains(got, "问题已发出") {
		t.Errorf("flash after asking: %q", got)
	}
	if got := eval[string](a, `[...document.querySelectorAll(".thread li.to_reporter .body")].map(e => e.textContent).join("|")`); got != question {
		t.Fatalf("timeline questions: %q", got)
	}

	// The citizen's chat gets the question with an Answer button; the citizen
	// presses it and answers.
	from := len(u.Messages())
	m, data := wait(0, "q:", question)
	if _, err := u.Press(m, data); err != nil {
		t.Fatal(err)
	}
	wait(from, "", "请发送您的回答")
	const answer = "金三角网吧,晚上十点以后。"
	from = len(u.Messages())
	u.SendText(answer)
	wait(from, "", "您的回复已送达")

	a.load("tip", chromedp.Reload())
	if got := eval[string](a, `[...document.querySelectorAll(".thread li.from_reporter .body")].map(e => e.textContent).join("|")`); got != answer {
		t.Fatalf("timeline answers: %q", got)
	}
	if tip, err = a.queue.Get(t.Context(), id); err != nil || tip.State != queue.StateInReview {
		t.Fatalf("after the answer the tip is %s (%v), want in_review", tip.State, err)
	}

	// "n" goes to the note box.
	a.do("pressing n", browsertest.PressKey('n'))
	if f := eval[string](a, `document.activeElement.id`); f != "f-note" {
		t.Fatalf("after pressing n, focus is on %q", f)
	}
	a.do("leaving the box", chromedp.Blur(chromedp.ID("f-note")))

	a.do("choosing the resolution", chromedp.SetValue(chromedp.ID("f-res"), string(queue.Actioned)))
	a.do("recording the outcome", chromedp.SetValue(chromedp.ID("f-case-kind"), string(queue.CaseNone)))
	resolution := eval[string](a, `document.getElementById("f-res").value`)
	from = len(u.Messages())
	a.do("confirming the close", chromedp.Click(chromedp.CSS(`form[action$="/close"] input[name=confirm]`)))
	a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/close"] button[type=submit]`)))
	tip, err = a.queue.Get(t.Context(), id)
	if err != nil || tip.State != queue.StateClosed || tip.Resolution == nil || string(*tip.Resolution) != resolution {
		t.Fatalf("after close: state %s resolution %v (chose %q) %v", tip.State, tip.Resolution, resolution, err)
	}
	if got := eval[string](a, `document.querySelector(".flash").textContent`); !strings.Contains(got, "已办结") {
		t.Errorf("flash after closing: %q", got)
	}
	// The citizen gets the office's closing notice.
	if notice := a.cfg.Notices.Closed.In("zh-CN"); notice == "" {
		t.Fatal("no closing notice configured")
	} else {
		wait(from, "", notice)
	}

	// "g" goes back to the queue, where the closed tip has left the open tab.
	a.load("queue", browsertest.PressKey('g'))
	if n := eval[int](a, fmt.Sprintf(`document.querySelectorAll('table.tips a[href="/tips/%d"]').length`, id)); n != 0 {
		t.Errorf("closed tip %d still in the open queue", id)
	}
	// Nothing that names the citizen reached the officer's pages or the tables.
	a.open(fmt.Sprintf("/tips/%d", id), "tip")
	page := eval[string](a, `document.documentElement.outerHTML`)
	for _, n := range []string{"7309876543", "fang_secret", "Fang"} {
		if strings.Contains(page, n) {
			t.Errorf("the tip page shows %q", n)
		}
	}
}
