package webreport

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
)

// A refresh, the back button and a double tap on Submit meet the submitted
// draft: one tip, and every answer is the first submit's receipt page.
func TestSubmitTwiceMakesOneTip(t *testing.T) {
	b := setup(t)
	p := b.phone("", wechatAgent)
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	b.wait(time.Minute)
	token := p.token

	// A double tap: two submits at once.
	var wg sync.WaitGroup
	pages := make([]string, 2)
	for i := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := &phone{b: b, c: p.c, agent: p.agent}
			q.post("/r/submit", url.Values{"ft": {token}})
			pages[i] = q.body
		}()
	}
	wg.Wait()
	codes := map[string]bool{}
	for _, body := range pages {
		m := receiptRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("a tap did not end on the receipt page:\n%s", body)
		}
		codes[m[1]] = true
	}
	// The refresh and the back button's resubmit.
	p.get("/r/receipt")
	codes[p.receipt()] = true
	p.post("/r/submit", url.Values{"ft": {token}})
	codes[p.receipt()] = true
	if len(codes) != 1 {
		t.Fatalf("receipts %v", codes)
	}
	if n := b.count(`SELECT count(*) FROM tips`); n != 1 {
		t.Fatalf("%d tips", n)
	}
}

// The receipt rests with the draft only until the reporter has written it
// down, or web.receipt_ttl has passed; it never rests in clear.
func TestReceiptErased(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	code := p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE channel = 'web' AND extra::text LIKE '%' || $1 || '%'`, code); n != 0 {
		t.Fatal("the receipt rests in clear beside the draft")
	}
	p.post("/r/receipt/done", url.Values{})
	p.must("status", 200)
	p.get("/r/receipt")
	p.must("status", 200)
	if strings.Contains(p.body, code) {
		t.Fatal("the receipt is shown after it was written down")
	}
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE channel = 'web'`); n != 0 {
		t.Fatalf("%d web drafts left after the receipt was written down", n)
	}

	// Never confirmed: gone after the TTL.
	q := b.phone("", "")
	code = q.submitted("有人在望春门街道的一家网吧里吸毒，常在深夜。", nil)
	q.get("/r/receipt")
	if q.receipt() != code {
		t.Fatal("a refresh shows another receipt")
	}
	b.wait(b.cfg.Web.ReceiptTTL.D() + time.Second)
	q.get("/r/receipt")
	q.must("status", 200)
	if strings.Contains(q.body, code) {
		t.Fatal("the receipt is shown after web.receipt_ttl")
	}
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE channel = 'web'`); n != 0 {
		t.Fatalf("%d web drafts left after web.receipt_ttl", n)
	}
}

// A form posted sooner than a person fills the pages, or with the honeypot
// filled, makes no tip; what was typed is kept, and a person's next tap
// goes through.
func TestMinFillAndHoneypot(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	p.post("/r/submit", url.Values{})
	p.must("review", 422)
	if n := b.count(`SELECT count(*) FROM tips`); n != 0 {
		t.Fatal("a report posted at once was taken")
	}
	b.wait(time.Minute)
	p.post("/r/submit", url.Values{honeypot: {"http://spam.example"}})
	p.must("review", 422)
	p.post("/r/submit", url.Values{"ft": {"forged"}})
	p.must("review", 422)
	if n := b.count(`SELECT count(*) FROM tips`); n != 0 {
		t.Fatal("a report with the honeypot filled or a forged token was taken")
	}
	if !strings.Contains(p.body, "每天晚上九点左右出现") {
		t.Fatal("the report was lost")
	}
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)

	// A step posted with a stale token keeps what was typed.
	q := b.phone("", "")
	q.get("/r/")
	q.post("/r/category", url.Values{"category": {"use"}})
	q.post("/r/description", url.Values{"description": {"我看到邻居在家里吸毒，已经好几次了。"}, "ft": {"stale"}})
	q.must("description", 422)
	if !strings.Contains(q.body, "我看到邻居在家里吸毒") {
		t.Fatal("the description was lost with a stale token")
	}
}

// A wrong receipt gets a clear page with the code as typed; past the hourly
// limit even a right one waits.
func TestWrongReceipt(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	code := p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	q := b.phone("", "")
	q.get("/r/status")
	for i := 0; i < b.cfg.Limits.WrongReceiptsPerHour; i++ {
		q.post("/r/status", url.Values{"receipt": {"ABCD-EFGH-JKMN-PQRS"}})
		q.must("status", 200)
		if !strings.Contains(q.body, "ABCD-EFGH-JKMN-PQRS") || !strings.Contains(q.body, `role="alert"`) {
			t.Fatalf("a wrong receipt's page:\n%s", q.body)
		}
	}
	q.post("/r/status", url.Values{"receipt": {code}})
	q.must("status", 429)
	b.wait(time.Hour)
	q.post("/r/status", url.Values{"receipt": {code}})
	q.must("status_view", 200)
}

// The web's own limits per client hold, tighter than the core's: reports a
// day, receipt checks an hour, files an hour.
func TestWebLimits(t *testing.T) {
	b := setupWith(t, func(c *config.Config) {
		c.Web.ReportsPerDay, c.Web.ChecksPerHour, c.Web.UploadsPerHour = 1, 2, 1
	})
	p := b.phone("", "")
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", map[string][]byte{"a.jpg": photoJPEG(t, 1, false), "b.jpg": photoJPEG(t, 2, false)})
	if n := b.count(`SELECT count(*) FROM intake_draft_files`); n != 1 {
		t.Fatalf("%d files kept past web.uploads_per_hour", n)
	}
	p.get("/r/evidence")
	b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	code := p.receipt()

	q := b.phone("", "")
	q.report("有人在望春门街道的一家网吧里吸毒，常在深夜。", nil)
	b.wait(time.Minute)
	q.post("/r/submit", url.Values{})
	q.must("review", 429)
	if n := b.count(`SELECT count(*) FROM tips`); n != 1 {
		t.Fatalf("%d tips past web.reports_per_day", n)
	}

	q.get("/r/status")
	for range 2 {
		q.post("/r/status", url.Values{"receipt": {"0000-0000-0000-0000"}})
		q.must("status", 200)
	}
	q.post("/r/status", url.Values{"receipt": {code}})
	q.must("status", 429)
}

// A draft erased by the silence is said to be, and what was typed on the
// page that found it gone is kept in a new one.
func TestExpiredDraftSaysSo(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.get("/r/")
	p.post("/r/category", url.Values{"category": {"selling"}})
	p.post("/r/where", url.Values{"area": {"dongshan"}})
	p.post("/r/when", url.Values{"occurred": {"today"}})
	p.must("description", 200)
	b.wait(b.cfg.Web.DraftTTL.D() + time.Minute)
	p.post("/r/description", url.Values{"description": {"有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。"}})
	p.must("start", 200)
	if !strings.Contains(p.body, "2 小时无操作已被删除") {
		t.Fatalf("the page does not say the draft expired:\n%s", p.body)
	}
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE report::text LIKE '%每天晚上九点%'`); n != 1 {
		t.Fatal("what was typed was lost with the expired draft")
	}
}
