package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

func TestTriageClaimAskCloseAndStaleVersion(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "湘乡东山街道有人卖零包,电话13800138000")
	tipPath := "/tips/" + strconv.FormatInt(id, 10)

	res, body := b.get(c, "/queue")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="`+tipPath+`"`) {
		t.Fatalf("queue does not list the tip: %d", res.StatusCode)
	}
	if res := b.post(c, "/queue/claim-next", nil); res.Header.Get("Location") != tipPath {
		t.Fatalf("claim next: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	tip, _ := b.queue.Get(t.Context(), id)
	if tip.State != queue.StateInReview || tip.AssigneeID == nil || *tip.AssigneeID != b.ids["officer"] {
		t.Fatalf("after claim: %+v", tip)
	}
	v := strconv.Itoa(tip.Version)
	if res := b.post(c, tipPath+"/ask", url.Values{"version": {v}, "body": {"具体在哪个网吧?"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask: %d", res.StatusCode)
	}
	_, body = b.get(c, tipPath)
	if !strings.Contains(body, "问题已发出") || !strings.Contains(body, "具体在哪个网吧?") {
		t.Fatal("question not confirmed or not in the timeline")
	}
	// The page showed version v; the tip has moved on since.
	b.post(c, tipPath+"/resume", url.Values{"version": {v}})
	_, body = b.get(c, tipPath)
	if !strings.Contains(body, "刚被他人修改") {
		t.Fatal("stale change not explained")
	}
	tip, _ = b.queue.Get(t.Context(), id)
	if tip.State != queue.StateNeedsInfo {
		t.Fatalf("stale change applied: %s", tip.State)
	}
	b.post(c, tipPath+"/resume", url.Values{"version": {strconv.Itoa(tip.Version)}})
	tip, _ = b.queue.Get(t.Context(), id)
	res = b.post(c, tipPath+"/close", url.Values{"version": {strconv.Itoa(tip.Version)}, "resolution": {"unfounded"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if tip, _ = b.queue.Get(t.Context(), id); tip.State != queue.StateClosed {
		t.Fatalf("after close: %s", tip.State)
	}
	var actions []string
	if err := b.db.Select(&actions, `SELECT action FROM audit_log WHERE tip_id = $1 AND action <> 'tip.view' ORDER BY id`, id); err != nil {
		t.Fatal(err)
	}
	if strings.Join(actions, ",") != "tip.claim,tip.ask,tip.resume,tip.close" {
		t.Fatalf("audited changes: %v", actions)
	}

	// A supervisor exports the closed tip, in English, as CSV with a BOM and nothing of the reporter.
	s := b.login("supervisor")
	b.post(s, "/account/locale", url.Values{"locale": {"en"}, "back": {"/queue"}})
	res, csv := b.get(s, "/export.csv?state=closed")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(csv, "\uFEFF") {
		t.Fatalf("export: %d %q", res.StatusCode, csv[:min(len(csv), 20)])
	}
	if !strings.Contains(csv, "Unfounded") || !strings.Contains(csv, "13800138000") || strings.Contains(csv, tip.ReporterShort) {
		t.Fatalf("export content: %s", csv)
	}
	_, page := b.get(s, "/queue?state=closed")
	if !strings.Contains(page, "Closed") || !strings.Contains(page, `lang="en"`) {
		t.Fatal("queue not in English after switching")
	}
	if res, body := b.get(s, "/dashboard?range=7"); res.StatusCode != http.StatusOK || !strings.Contains(body, "<svg") ||
		!strings.Contains(body, "Figures as of") {
		t.Fatalf("dashboard: %d, or no time of its figures", res.StatusCode)
	}
}
