package admin

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// A note or a question has one length limit, the same in the form, the
// queue and the database; what an officer typed survives a refusal.
func TestOfficerTextLimitAndKeptForms(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "东山街道网吧门口有人卖零包。")
	path := "/tips/" + strconv.FormatInt(id, 10)
	if res := b.post(c, path+"/claim", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	_, page := b.get(c, path)
	max := `maxlength="` + strconv.Itoa(queue.MaxOfficerText) + `"`
	if strings.Count(page, max) != 2 {
		t.Fatalf("the note and question forms do not both say %s", max)
	}

	long := strings.Repeat("问", queue.MaxOfficerText) + "？"
	for _, action := range []string{"ask", "note"} {
		b.post(c, path+"/"+action, url.Values{"version": {"2"}, "body": {long}})
		_, page := b.get(c, path)
		if !strings.Contains(page, translate("zh-CN", "tip.invalid", translate("zh-CN", "field.body"))) {
			t.Errorf("%s: a text over the limit is not refused clearly", action)
		}
		if !strings.Contains(page, html.EscapeString(long)+"</textarea>") {
			t.Errorf("%s: the refused text is not kept in the form", action)
		}
		if _, page := b.get(c, path); strings.Contains(page, long) {
			t.Errorf("%s: the kept text outlives one showing", action)
		}
	}
	if _, err := b.db.Exec(`INSERT INTO notes (tip_id, officer_id, body) VALUES ($1, $2, $3)`, id, b.ids["officer"], long); err == nil {
		t.Error("the database takes a note over the limit")
	}
	if _, err := b.db.Exec(`INSERT INTO dialogue (tip_id, direction, officer_id, body) VALUES ($1, 'to_reporter', $2, $3)`, id, b.ids["officer"], long); err == nil {
		t.Error("the database takes a question over the limit")
	}
	fits := strings.Repeat("问", queue.MaxOfficerText)
	if _, err := b.queue.AddNote(t.Context(), queue.Actor{ID: b.ids["officer"], Role: queue.RoleOfficer}, id, fits); err != nil {
		t.Errorf("a note at the limit: %v", err)
	}
}

// The new-account form says what a username may be, keeps what was typed
// when refused, and does not speak of an old password a new account lacks.
func TestNewOfficerForm(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("admin")
	c := b.login("admin")
	_, page := b.get(c, "/officers")
	if !strings.Contains(page, translate("zh-CN", "officers.username_hint")) {
		t.Error("no hint on the username format")
	}
	b.post(c, "/officers", url.Values{"username": {"li.ming"}, "display_name": {"李明"}, "role": {"supervisor"}, "password": {"short"}})
	_, page = b.get(c, "/officers")
	if !strings.Contains(page, translate("zh-CN", "officers.weak_temp")) || strings.Contains(page, "旧密码") {
		t.Error("a too short temporary password is refused with words about an old password")
	}
	for _, want := range []string{`value="li.ming"`, `value="李明"`, `<option value="supervisor" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form lost %s", want)
		}
	}
}

// fakeJobs stands in for the scheduler's job runs.
type fakeJobs struct{}

func (fakeJobs) LastRuns(context.Context) ([]JobRun, error) {
	return []JobRun{{Job: "digest_daily", State: "done", StartedAt: time.Now()}}, nil
}

// The health page's jobs table names its columns and its jobs in words; the
// digest preview says which day it shows.
func TestJobsAndPreviewSayWhat(t *testing.T) {
	t.Parallel()
	b := setupWith(t, func(d *Deps) { d.Jobs = fakeJobs{}; d.Digests = &fakeDigests{} })
	b.addOfficers("admin")
	c := b.login("admin")
	_, page := b.get(c, "/health")
	if !strings.Contains(page, "<thead><tr><th>任务</th><th>状态</th>") || !strings.Contains(page, `<td title="digest_daily">日报</td><td>已完成</td>`) {
		t.Error("the jobs table has no headers or shows codes")
	}
	_, page = b.get(c, "/digests/preview?period=daily")
	yesterday := time.Now().In(b.cfg.Location).AddDate(0, 0, -1).Format("2006-01-02")
	if !strings.Contains(page, translate("zh-CN", "digests.preview_yesterday", yesterday)) {
		t.Error("the daily preview does not say it shows yesterday")
	}
}
