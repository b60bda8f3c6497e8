package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestOutcomeFromForwardToCorrection: a tip is forwarded to a configured unit,
// closed as actioned with its outcome, and corrected by a supervisor with a
// reason; every step is audited and the page shows what was recorded.
func TestOutcomeFromForwardToCorrection(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor", "admin")
	ctx := t.Context()
	adm := b.login("admin")
	if res := b.post(adm, "/operations", url.Values{"name_zh": {"清源行动"}, "name_en": {"Clear Source"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create operation: %d", res.StatusCode)
	}
	ops, err := b.queue.Operations(ctx, false)
	if err != nil || len(ops) != 1 {
		t.Fatalf("operations %v %v", ops, err)
	}
	if _, body := b.get(adm, "/operations"); !strings.Contains(body, "清源行动") {
		t.Fatal("operations page does not list the new operation")
	}

	c := b.login("officer")
	id := b.submit(queue.KindReport, "东山街道有人卖冰毒")
	path := "/tips/" + strconv.FormatInt(id, 10)
	b.post(c, "/queue/claim-next", nil)
	version := func() string {
		tip, err := b.queue.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(tip.Version)
	}

	// A unit not on the list is refused and nothing changes.
	b.post(c, path+"/forward", url.Values{"version": {version()}, "unit": {"隔壁县"}})
	if tip, _ := b.queue.Get(ctx, id); tip.State != queue.StateInReview {
		t.Fatalf("forwarded to an unlisted unit: %s", tip.State)
	}
	b.post(c, path+"/forward", url.Values{"version": {version()}, "unit": {"narcotics_brigade"}, "case": {"XX-1"}})
	if tip, _ := b.queue.Get(ctx, id); tip.State != queue.StateForwarded || tip.ForwardedUnit != "narcotics_brigade" {
		t.Fatalf("forward: %s %q", tip.State, tip.ForwardedUnit)
	}
	if _, body := b.get(c, path); !strings.Contains(body, "湘乡市公安局禁毒大队") {
		t.Error("the tip page does not name the unit")
	}

	// Closing as actioned without an outcome is refused.
	b.post(c, path+"/close", url.Values{"version": {version()}, "resolution": {"actioned"}})
	if tip, _ := b.queue.Get(ctx, id); tip.State != queue.StateForwarded {
		t.Fatalf("closed as actioned without an outcome: %s", tip.State)
	}
	form := url.Values{"version": {version()}, "resolution": {"actioned"}, "case_kind": {"criminal"},
		"case": {"湘公刑2026-3"}, "solved_on": {"2026-10-08"}, "detained": {"2"}, "users_found": {""},
		"drug": {"methamphetamine", "", "heroin"}, "grams": {"15.5", "", "1"},
		"operation": {strconv.FormatInt(ops[0].ID, 10)}}
	if res := b.post(c, path+"/close", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	o, err := b.queue.Outcome(ctx, id)
	if err != nil || o.Detained != 2 || len(o.Seizures) != 2 || o.Grams() != 16.5 || len(o.Operations) != 1 {
		t.Fatalf("outcome %+v %v", o, err)
	}
	_, body := b.get(c, path)
	for _, want := range []string{"刑事立案", "湘公刑2026-3", "2026-10-08", "冰毒 15.5 克", "清源行动"} {
		if !strings.Contains(body, want) {
			t.Errorf("the tip page's outcome lacks %q", want)
		}
	}
	if strings.Contains(body, `action="`+path+`/outcome"`) {
		t.Error("an officer is offered the correction form")
	}

	// An officer may not correct; a supervisor must give a reason.
	if res := b.post(c, path+"/outcome", url.Values{"version": {version()}, "case_kind": {"none"}, "reason": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("officer's correction: %d", res.StatusCode)
	}
	s := b.login("supervisor")
	b.post(s, path+"/outcome", url.Values{"version": {version()}, "case_kind": {"administrative"}, "solved_on": {"2026-10-08"}})
	if o, _ := b.queue.Outcome(ctx, id); o.CaseKind != queue.CaseCriminal {
		t.Fatal("corrected without a reason")
	}
	b.post(s, path+"/outcome", url.Values{"version": {version()}, "case_kind": {"administrative"}, "solved_on": {"2026-10-08"},
		"users_found": {"3"}, "reason": {"经核实为行政案件"}})
	if o, _ := b.queue.Outcome(ctx, id); o.CaseKind != queue.CaseAdministrative || o.UsersFound != 3 || len(o.Seizures) != 0 {
		t.Fatalf("corrected outcome %+v", o)
	}

	var audited []string
	if err := b.db.SelectContext(ctx, &audited, `SELECT action FROM audit_log WHERE action IN ('tip.forward', 'tip.close', 'tip.outcome', 'operation.create') ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(audited, " ") != "operation.create tip.forward tip.close tip.outcome" {
		t.Fatalf("audited %v", audited)
	}
	var reason string
	if err := b.db.GetContext(ctx, &reason, `SELECT detail->>'reason' FROM audit_log WHERE action = 'tip.outcome'`); err != nil || reason != "经核实为行政案件" {
		t.Fatalf("audited reason %q %v", reason, err)
	}
}

// TestOperationsOnlyForAdmins: the managed list is the admins'.
func TestOperationsOnlyForAdmins(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor")
	s := b.login("supervisor")
	if res, _ := b.get(s, "/operations"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("supervisor on operations: %d", res.StatusCode)
	}
	if res := b.post(s, "/operations", url.Values{"name_zh": {"x"}, "name_en": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("supervisor adds an operation: %d", res.StatusCode)
	}
}
