package admin_test

import (
	"crypto/sha256"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

// TestBrowserUrgentAlertSounds: an officer turns the queue page's urgent
// alert on; it stays on after a reload; an urgent tip arriving then shows
// the banner and sounds, and an ordinary one does not.
func TestBrowserUrgentAlertSounds(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	a.login()
	if eval[bool](a, `document.getElementById("urgent-alert").parentNode.hidden`) {
		t.Fatal("the alert's switch is hidden with scripts on")
	}
	a.do("turning the alert on", chromedp.Click(chromedp.ID("urgent-alert")))
	a.open("/queue", "queue")
	if got := eval[string](a, `document.getElementById("urgent-alert").getAttribute("aria-pressed")`); got != "true" {
		t.Fatalf("after a reload the alert is %q", got)
	}
	// Count the tones; the click lets the page make sound.
	eval[bool](a, `(function () {
		window.tones = 0;
		var make = AudioContext.prototype.createOscillator;
		AudioContext.prototype.createOscillator = function () { window.tones++; return make.call(this); };
		return true;
	})()`)
	a.do("clicking the page", chromedp.Click(chromedp.CSS("h1")))
	// The page's first poll has been answered: what it learns is from
	// before the tips below, whenever its callback runs.
	if _, err := chromedp.Run(a.ctx, chromedp.Poll[bool](`performance.getEntriesByName(location.origin + "/queue/count.json").length > 0`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the queue page's first poll: %v", err)
	}

	submit := func(category string) {
		t.Helper()
		if _, _, err := a.queue.Submit(t.Context(), a.db, queue.Submission{
			Kind:        queue.KindReport,
			ReporterRef: anon.Ref(sha256.Sum256([]byte("alert reporter " + category + strconv.Itoa(int(time.Now().UnixNano()))))),
			Locale:      "zh-CN", Category: category, AreaCode: "dongshan", Occurred: queue.OccurredToday,
			Description: "东山街道有人在出租屋里制毒，气味很大。", ContactMode: queue.ContactCode,
		}); err != nil {
			t.Fatal(err)
		}
	}
	submit("use") // priority 3: no alert
	submit("manufacturing")
	if _, err := chromedp.Run(a.ctx, chromedp.Poll[bool](`!document.getElementById("urgent-tip").hidden`,
		chromedp.WithPollingTimeout(40*time.Second))); err != nil {
		t.Fatalf("no urgent banner within two polls of an urgent tip: %v", err)
	}
	if n := eval[int](a, `window.tones`); n != 2 {
		t.Errorf("%d tones for one urgent tip, want the two of one alert", n)
	}
	if got := eval[string](a, `document.getElementById("urgent-tip").textContent`); got != "有新的紧急线索，请立即处理！" {
		t.Errorf("banner reads %q", got)
	}
}
