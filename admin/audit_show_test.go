package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestAuditFollowsTheTipsRoleRule: a supervisor, to whom a help question is
// 404, reads nothing of it in the audit log either, before and after the
// question is purged; the reports' entries stay.
func TestAuditFollowsTheTipsRoleRule(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor", "counsellor")
	report := b.submit(queue.KindReport, "东山街道网吧门口有人卖零包。")
	help := b.submit(queue.KindHelp, "我想戒掉,该怎么办?")
	reportLink := `href="/tips/` + strconv.FormatInt(report, 10) + `"`
	helpLink := `href="/tips/` + strconv.FormatInt(help, 10) + `"`

	officer, counsellor, supervisor := b.login("officer"), b.login("counsellor"), b.login("supervisor")
	// The timeline and the log name events and actions in words, not codes.
	if _, page := b.get(officer, "/tips/"+strconv.FormatInt(report, 10)); !strings.Contains(page, "已提交 新线索") || strings.Contains(page, "submitted") {
		t.Fatal("the timeline does not name the submission in Chinese")
	}
	b.get(counsellor, "/tips/"+strconv.FormatInt(help, 10))
	if res := b.post(counsellor, "/tips/"+strconv.FormatInt(help, 10)+"/claim", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("counsellor's claim: %d", res.StatusCode)
	}
	var helpEntries int
	if err := b.db.Get(&helpEntries, `SELECT count(*) FROM audit_log WHERE tip_id = $1`, help); err != nil || helpEntries != 2 {
		t.Fatalf("the counsellor's view and claim were not audited: %d entries, %v", helpEntries, err)
	}

	if res, _ := b.get(supervisor, "/tips/"+strconv.FormatInt(help, 10)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("help question for a supervisor: %d, want 404", res.StatusCode)
	}
	if res, body := b.get(supervisor, "/audit?tip="+strconv.FormatInt(help, 10)); res.StatusCode != http.StatusNotFound || strings.Contains(body, helpLink) {
		t.Fatalf("audit of a help question for a supervisor: %d, want 404", res.StatusCode)
	}
	res, body := b.get(supervisor, "/audit")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, reportLink) {
		t.Fatalf("audit log: %d, the report's entries are missing", res.StatusCode)
	}
	if strings.Contains(body, helpLink) {
		t.Fatal("the audit log shows a supervisor what a counsellor did on a help question")
	}
	if !strings.Contains(body, `<td title="tip.view">查看线索</td>`) {
		t.Fatal("the audit log does not name the action in Chinese")
	}

	// Purged, the question has no kind left; its entries stay hidden.
	if _, err := b.db.Exec(`DELETE FROM tips WHERE id = $1`, help); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/audit", "/audit?tip=" + strconv.FormatInt(help, 10), "/audit?officer=" + strconv.FormatInt(b.ids["counsellor"], 10)} {
		res, body := b.get(supervisor, path)
		if res.StatusCode != http.StatusOK || strings.Contains(body, helpLink) {
			t.Fatalf("%s after the purge: %d, shows the help question's entries: %v", path, res.StatusCode, strings.Contains(body, helpLink))
		}
	}
	if _, body := b.get(supervisor, "/audit"); !strings.Contains(body, reportLink) {
		t.Fatal("the report's entries went with the help question's")
	}
}
