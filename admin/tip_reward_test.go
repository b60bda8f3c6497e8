package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestRewardProposedAndApprovedByTwo: over HTTP, an officer may not touch a
// reward, a supervisor proposes (a low amount only with a reason) but does
// not approve, and a leader approves; every step is audited.
func TestRewardProposedAndApprovedByTwo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor", "leader")
	ctx := t.Context()
	id := b.submit(queue.KindReport, "东山街道有人卖冰毒")
	path := "/tips/" + strconv.FormatInt(id, 10)
	step := func(c *http.Client, form url.Values) int {
		tip, err := b.queue.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		form.Set("version", strconv.Itoa(tip.Version))
		return b.post(c, path+"/reward", form).StatusCode
	}
	state := func() string {
		tip, _ := b.queue.Get(ctx, id)
		return tip.RewardState
	}
	if code := step(b.login("officer"), url.Values{"step": {"eligible"}, "amount": {"3000"}}); code != http.StatusForbidden {
		t.Fatalf("officer proposes: %d", code)
	}
	s := b.login("supervisor")
	_, body := b.get(s, path)
	if !strings.Contains(body, "按奖励标准建议金额：¥2000.00–¥80000.00") {
		t.Errorf("the page does not show the suggestion")
	}
	if strings.Contains(body, `value="approved"`) || strings.Contains(body, `name="override"`) {
		t.Error("a supervisor is offered approval")
	}
	step(s, url.Values{"step": {"eligible"}, "amount": {"500"}})
	if state() != "none" {
		t.Fatal("a low amount was proposed without a reason")
	}
	step(s, url.Values{"step": {"eligible"}, "amount": {"500"}, "reason": {"线索仅部分属实"}})
	if state() != "eligible" {
		t.Fatalf("proposal: %s", state())
	}
	if code := step(s, url.Values{"step": {"approved"}}); code != http.StatusForbidden {
		t.Fatalf("supervisor approves: %d", code)
	}
	l := b.login("leader")
	_, body = b.get(l, path)
	if !strings.Contains(body, "supervisor提议") || !strings.Contains(body, "线索仅部分属实") {
		t.Error("the leader does not see who proposed and why")
	}
	step(l, url.Values{"step": {"approved"}})
	if state() != "approved" {
		t.Fatalf("approval: %s", state())
	}
	var audited int
	if err := b.db.GetContext(ctx, &audited, `SELECT count(*) FROM audit_log WHERE action = 'tip.reward' AND tip_id = $1`, id); err != nil || audited != 2 {
		t.Fatalf("audited %d steps, %v", audited, err)
	}
}
