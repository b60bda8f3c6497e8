package admin_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/admin"
	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/jobs"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

const browserPassword = "correct horse battery staple"

// browserApp is one test's admin over real PostgreSQL and HTTP, with a real
// browser logged in as an administrator.
type browserApp struct {
	t       *testing.T
	db      *sqlx.DB
	cfg     *config.Config
	queue   *queue.Store
	url     string
	ctx     context.Context
	officer officer.Officer
}

func newBrowserApp(t *testing.T) *browserApp {
	t.Helper()
	db := pgtest.DB(t)
	cfg := config.Default()
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	q := queue.NewStore(db, &cfg, []byte("receipt-key-for-browser-tests-0123"))
	sch, err := jobs.New(jobs.Deps{Config: &cfg, DB: db, Queue: q})
	if err != nil {
		t.Fatal(err)
	}
	s, err := admin.New(admin.Deps{Config: &cfg, DB: db, Queue: q, Digests: schedulerDigests{sch}})
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
	ctx = browsertest.Timeout(t, ctx, 40*time.Second)
	return &browserApp{t: t, db: db, cfg: &cfg, queue: q, url: srv.URL, ctx: ctx, officer: o}
}

// schedulerDigests is the adapter cmd/tipline wires between the scheduler and
// the digests page.
type schedulerDigests struct{ s *jobs.Scheduler }

func (d schedulerDigests) History(ctx context.Context, limit int) ([]admin.DigestRun, error) {
	runs, err := d.s.History(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]admin.DigestRun, 0, len(runs))
	for _, r := range runs {
		run := admin.DigestRun{ID: r.ID, Job: r.Job, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, Late: r.Late, CreatedAt: r.CreatedAt}
		for _, x := range r.Deliveries {
			dl := admin.DigestDelivery{Channel: x.Channel, Target: x.Target, State: x.State, Attempts: x.Attempts, SentAt: x.SentAt}
			if x.LastError != nil {
				dl.LastError = *x.LastError
			}
			run.Deliveries = append(run.Deliveries, dl)
		}
		out = append(out, run)
	}
	return out, nil
}

func (d schedulerDigests) Preview(ctx context.Context, at time.Time, weekly bool) (admin.DigestPreview, error) {
	p, err := d.s.Preview(ctx, at, weekly)
	if err != nil {
		return admin.DigestPreview{}, err
	}
	return admin.DigestPreview{Job: p.Job, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd, TextZh: p.TextZh, TextEn: p.TextEn}, nil
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
	v, err := chromedp.Run(a.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		a.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// load runs trigger (a click, a key, a navigation) and waits for the page it
// leads to, which must be the page named want (its body's data-page).
func (a *browserApp) load(want string, trigger chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	if _, err := chromedp.Run(a.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		a.t.Fatalf("loading %s: %v", want, err)
	}
	if got := eval[string](a, `document.body.dataset.page || ""`); got != want {
		a.t.Fatalf("on page %q (%s), want %q: %s", got, eval[string](a, `location.href`), want,
			eval[string](a, `document.querySelector("main") ? document.querySelector("main").innerText.slice(0, 300) : ""`))
	}
	browsertest.Clean(a.t, a.ctx, want+" page")
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

// TestBrowserTriage walks an officer through the queue in a real browser:
// log in, claim the next tip with the keyboard, ask the reporter, see the
// answer in the timeline, close with a resolution; no page logs an error or
// breaks its CSP.
func TestBrowserTriage(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	first := a.submit("湘乡东山街道某网吧后门有人卖零包,电话13800138000,晚上十点后出现。", pngAttachment(t, "现场.png"))
	second := a.submit("昆仑桥附近出租屋常有人聚集吸毒,车牌湘C12345。")

	a.login()
	for _, id := range []int64{first, second} {
		if n := eval[int](a, fmt.Sprintf(`document.querySelectorAll('table.tips a[href="/tips/%d"]').length`, id)); n != 1 {
			t.Fatalf("queue lists tip %d %d times", id, n)
		}
	}

	// "c" claims the next tip and opens it.
	a.load("tip", browsertest.PressKey('c'))
	id, err := strconv.ParseInt(strings.TrimPrefix(eval[string](a, `location.pathname`), "/tips/"), 10, 64)
	if err != nil || (id != first && id != second) {
		t.Fatalf("claim next opened %s", eval[string](a, `location.pathname`))
	}
	tip, err := a.queue.Get(t.Context(), id)
	if err != nil || tip.State != queue.StateInReview || tip.AssigneeID == nil || *tip.AssigneeID != a.officer.ID {
		t.Fatalf("after claim: %+v %v", tip, err)
	}
	if id == first {
		// The image loads lazily, after the load event.
		if _, err := chromedp.Run(a.ctx, chromedp.Poll[bool](`(function () { var i = document.querySelector(".attachments img"); return !!i && i.complete && i.naturalWidth === 16; })()`,
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("the cleaned image attachment does not show: %v (%s)", err, eval[string](a, `document.querySelector(".attachments").outerHTML`))
		}
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
	if got := eval[string](a, `[...document.querySelectorAll(".timeline li.to_reporter .body")].map(e => e.textContent).join("|")`); got != question {
		t.Fatalf("timeline questions: %q", got)
	}

	// The reporter answers through the bot.
	_, _, dialogue, err := a.queue.Timeline(t.Context(), id)
	if err != nil || len(dialogue) != 1 {
		t.Fatalf("dialogue %+v %v", dialogue, err)
	}
	const answer = "金三角网吧,晚上十点以后。"
	if _, err := a.queue.AnswerQuestion(t.Context(), a.db, id, dialogue[0].ID, answer, nil); err != nil {
		t.Fatal(err)
	}
	a.load("tip", chromedp.Reload())
	if got := eval[string](a, `[...document.querySelectorAll(".timeline li.from_reporter .body")].map(e => e.textContent).join("|")`); got != answer {
		t.Fatalf("timeline answers: %q", got)
	}

	// "n" goes to the note box.
	a.do("pressing n", browsertest.PressKey('n'))
	if f := eval[string](a, `document.activeElement.id`); f != "f-note" {
		t.Fatalf("after pressing n, focus is on %q", f)
	}
	a.do("leaving the box", chromedp.Blur(chromedp.ID("f-note")))

	if eval[bool](a, `!!document.querySelector('form[action$="/resume"]')`) {
		a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/resume"] button`)))
	}
	a.do("choosing the resolution", chromedp.SetValue(chromedp.ID("f-res"), string(queue.Actioned)))
	resolution := eval[string](a, `document.getElementById("f-res").value`)
	a.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/close"] button[type=submit]`)))
	tip, err = a.queue.Get(t.Context(), id)
	if err != nil || tip.State != queue.StateClosed || tip.Resolution == nil || string(*tip.Resolution) != resolution {
		t.Fatalf("after close: state %s resolution %v (chose %q) %v", tip.State, tip.Resolution, resolution, err)
	}
	if got := eval[string](a, `document.querySelector(".flash").textContent`); !strings.Contains(got, "已办结") {
		t.Errorf("flash after closing: %q", got)
	}

	// "g" goes back to the queue, where the closed tip has left the open tab.
	a.load("queue", browsertest.PressKey('g'))
	if n := eval[int](a, fmt.Sprintf(`document.querySelectorAll('table.tips a[href="/tips/%d"]').length`, id)); n != 0 {
		t.Errorf("closed tip %d still in the open queue", id)
	}
}
