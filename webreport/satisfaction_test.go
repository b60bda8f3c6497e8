package webreport

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestSatisfactionOnTheStatusPage: a closed report's status page asks the
// one satisfaction question; the answer is kept on the tip and can be
// changed; a forged grant and a made-up answer change nothing.
func TestSatisfactionOnTheStatusPage(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	code := p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	tip := b.tipOf(code)
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)
	if strings.Contains(p.body, `action="/r/status/rate"`) {
		t.Fatal("an open report asks for satisfaction")
	}
	duty := b.officer()
	if _, err := b.queue.Claim(t.Context(), duty, tip, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.queue.Close(t.Context(), duty, tip, queue.Unfounded, 0, 0); err != nil {
		t.Fatal(err)
	}
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, `action="/r/status/rate"`) || !strings.Contains(p.body, "基本满意") {
		t.Fatalf("the closed report's page does not ask:\n%s", p.body)
	}
	grant := regexpValue(t, p.body, "grant")
	satisfaction := func() int {
		t.Helper()
		return b.count(`SELECT coalesce(satisfaction, 0) FROM tips WHERE id = $1`, tip)
	}

	p.post("/r/status/rate", url.Values{"grant": {grant}, "satisfaction": {"3"}})
	p.must("status_view", 200)
	if satisfaction() != 3 || !strings.Contains(p.body, "谢谢您的评价") || !strings.Contains(p.body, "您的评价：基本满意") {
		t.Fatalf("the answer was not kept (%d):\n%s", satisfaction(), p.body)
	}
	p.post("/r/status/rate", url.Values{"grant": {regexpValue(t, p.body, "grant")}, "satisfaction": {"1"}})
	if satisfaction() != 1 {
		t.Errorf("a changed answer is %d, want 1", satisfaction())
	}
	p.post("/r/status/rate", url.Values{"grant": {"forged" + grant[6:]}, "satisfaction": {"4"}})
	p.post("/r/status/rate", url.Values{"grant": {grant}, "satisfaction": {"9"}})
	if satisfaction() != 1 {
		t.Errorf("a forged grant or a made-up answer changed it to %d", satisfaction())
	}
	if !strings.Contains(p.body, "请先选择一项评价") {
		t.Errorf("a made-up answer is not told:\n%s", p.body)
	}
}
