package chat

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// addCampaign stores a campaign in the test's transaction and returns its code.
func (f *fixture) addCampaign(name string, archived bool) (int64, string) {
	f.t.Helper()
	var id int64
	err := f.tx.QueryRowxContext(f.ctx, `INSERT INTO campaigns (name, kind, area_code, archived_at)
		VALUES ($1, 'school', 'meiqiao', CASE WHEN $2 THEN now() END) RETURNING id`, name, archived).Scan(&id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id, campaign.SignerFor(f.cfg).Code(id)
}

// reportFromStart sends /start with a payload, as a t.me link does, and
// reports from whatever it leads to; it returns the submission.
func (f *fixture) reportFromStart(u *telegramtest.User, payload string) queue.Submission {
	f.t.Helper()
	f.now = f.now.Add(2 * time.Minute) // within limits.messages_per_minute
	f.msg(u.SendCommand("/start " + payload))
	if d := f.draft(u); d == nil || d.Report == nil {
		f.press(u, "m:report") // the normal start: the menu
	}
	f.press(u, "c:selling")
	f.press(u, "a:dongshan")
	f.press(u, "o:today")
	f.msg(u.SendText("学校门口的小卖部有人卖“跳跳糖”，学生买了以后精神异常。"))
	f.press(u, "d:done")
	f.press(u, "e:done")
	f.press(u, "k:code")
	n := len(f.q.subs)
	f.press(u, "r:submit")
	if len(f.q.subs) != n+1 {
		f.t.Fatalf("no submission after /start %s: %s", payload, f.last(u).Text)
	}
	return f.q.subs[n]
}

// /start <code> → report → the tip carries the campaign; a second poster's
// code attributes the next report to that poster; a forged code gets the
// menu and an archived campaign's code attributes nothing. The payload stays
// nowhere: not in the draft after submit, not in the log.
func TestStartFromAPosterCarriesItsCampaign(t *testing.T) {
	f := setup(t)
	var logs bytes.Buffer
	conv, err := New(Deps{Config: f.cfg, Queue: f.q, Keys: f.keys, Files: emulatorFiles{f.srv},
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Now: f.conv.now})
	if err != nil {
		t.Fatal(err)
	}
	f.conv = conv
	school, schoolCode := f.addCampaign("梅桥镇中学禁毒宣讲", false)
	village, villageCode := f.addCampaign("壶天镇农村宣传", false)
	_, archivedCode := f.addCampaign("去年的海报", true)
	forged := campaign.NewSigner([]byte("not-the-service-key-0123456789abcd")).Code(school)
	u := f.user("zh-hans")

	if sub := f.reportFromStart(u, schoolCode); sub.CampaignID != school {
		t.Errorf("report from the school's poster: campaign %d, want %d", sub.CampaignID, school)
	}
	if sub := f.reportFromStart(u, villageCode); sub.CampaignID != village {
		t.Errorf("report from the village's poster: campaign %d, want %d", sub.CampaignID, village)
	}

	f.msg(u.SendCommand("/start " + forged))
	if d := f.draft(u); d != nil && d.Report != nil {
		t.Fatal("a forged code started a report")
	}
	f.expectLast(u, tr("zh-CN", "menu.intro"))
	if sub := f.reportFromStart(u, forged); sub.CampaignID != 0 {
		t.Errorf("a forged code attributed the report to %d", sub.CampaignID)
	}
	if sub := f.reportFromStart(u, archivedCode); sub.CampaignID != 0 {
		t.Errorf("an archived campaign's code attributed the report to %d", sub.CampaignID)
	}

	// A report under way keeps its poster when another is scanned.
	f.msg(u.SendCommand("/start " + schoolCode))
	f.msg(u.SendCommand("/start " + villageCode))
	if d := f.draft(u); d == nil || d.Report == nil || d.Report.Campaign != schoolCode {
		t.Fatalf("a second scan changed the report under way: %+v", d)
	}

	for _, code := range []string{schoolCode, villageCode, archivedCode, forged} {
		if strings.Contains(logs.String(), code) {
			t.Errorf("the log holds the payload %s", code)
		}
	}
	f.msg(u.SendCommand("/cancel"))
	var left int
	if err := f.tx.GetContext(f.ctx, &left, `SELECT count(*) FROM intake_drafts WHERE report::text LIKE '%"campaign"%'`); err != nil || left != 0 {
		t.Fatalf("%d drafts keep a campaign (%v)", left, err)
	}
}
