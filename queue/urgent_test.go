package queue

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
)

const dutyChat = -100200300

// urgentSetup is a queue whose office has a duty robot and a Telegram duty chat.
func urgentSetup(t *testing.T) *bundle {
	b := setup(t)
	b.cfg.Notify.Robots = []config.Robot{
		{Name: "duty", Kind: config.RobotWeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Notices: []string{config.NoticeAlerts}},
		{Name: "leaders", Kind: config.RobotDingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=t", Notices: []string{config.NoticeDigests}},
	}
	b.cfg.Jobs.DutyChat = dutyChat
	return b
}

// alerts are the urgent alerts queued, as chat key and text.
func (b *bundle) alerts(t *testing.T) map[string]string {
	t.Helper()
	var rows []struct {
		ChatKey string `db:"chat_key"`
		Text    string `db:"text"`
	}
	must(t, b.db.Select(&rows, `SELECT chat_key, payload->>'text' AS text FROM outbox WHERE kind IN ('urgent_alert', 'text') ORDER BY id`))
	out := map[string]string{}
	for _, r := range rows {
		if _, dup := out[r.ChatKey]; dup {
			t.Fatalf("two alerts for %s", r.ChatKey)
		}
		out[r.ChatKey] = r.Text
	}
	return out
}

// An urgent report's alert is written in the submit's transaction: rolled
// back, neither exists; committed, the duty robot and the duty chat each get
// one, with number, category, place, priority and link, and without what
// the reporter wrote.
func TestUrgentSubmitQueuesItsAlertInTheTransaction(t *testing.T) {
	t.Parallel()
	b := urgentSetup(t)
	ctx := context.Background()
	sub := validSubmission()
	sub.Category, sub.AreaCode = "manufacturing", "meiqiao"
	sub.Description = "梅桥镇后山养猪场夜里有化学品味道,疑似制毒窝点。"

	tx, err := b.db.BeginTxx(ctx, nil)
	must(t, err)
	if _, _, err := b.store.Submit(ctx, tx, sub); err != nil {
		t.Fatal(err)
	}
	var inTx int
	must(t, tx.Get(&inTx, `SELECT count(*) FROM outbox`))
	must(t, tx.Rollback())
	var after int
	must(t, b.db.Get(&after, `SELECT count(*) FROM outbox`))
	if inTx != 2 || after != 0 {
		t.Fatalf("%d alerts in the transaction, %d after rolling it back; want 2 and 0", inTx, after)
	}

	sub.ReporterRef = newRef()
	id, _, err := b.store.Submit(ctx, b.db, sub)
	must(t, err)
	got := b.alerts(t)
	robot, chat := got["robot:duty"], got["office:"+strconv.Itoa(dutyChat)]
	if len(got) != 2 || robot == "" || robot != chat {
		t.Fatalf("alerts %q: want the same one for robot duty and the duty chat, none for the digests' robot", got)
	}
	for _, want := range []string{"【紧急线索】#" + strconv.FormatInt(id, 10), "类别：制造毒品", "地点：梅桥镇", "优先级：紧急",
		"/tips/" + strconv.FormatInt(id, 10)} {
		if !strings.Contains(robot, want) {
			t.Errorf("alert %q lacks %q", robot, want)
		}
	}
	if strings.Contains(robot, "养猪场") || strings.Contains(robot, "摘要") {
		t.Errorf("alert %q quotes the description", robot)
	}

	// Once per tip: the alert is not queued again.
	must(t, b.store.alertUrgent(ctx, b.db, id, sub))
	if n := len(b.alerts(t)); n != 2 {
		t.Fatalf("%d alerts after a second try, want still 2", n)
	}
}

// "Happening now" is urgent whatever the category; an ordinary report and a
// help question are not; the description is quoted only when configured,
// and an English office reads English.
func TestWhichSubmitsAlert(t *testing.T) {
	t.Parallel()
	b := urgentSetup(t)
	b.cfg.Jobs.DutyChat = 0
	b.submit(t, nil) // selling, today: priority 2
	b.submit(t, func(s *Submission) { s.Kind, s.Category = KindHelp, SelfHelpCategory; s.Occurred = OccurredNow })
	if got := b.alerts(t); len(got) != 0 {
		t.Fatalf("alerts %q for no urgent report", got)
	}
	b.cfg.Notify.Alerts.IncludeDescription = true
	b.cfg.Digest.Locale = "en"
	id := b.submit(t, func(s *Submission) { s.Category, s.Occurred, s.AreaCode = "use", OccurredNow, "unknown" })
	got := b.alerts(t)["robot:duty"]
	for _, want := range []string{"[Urgent tip] #" + strconv.FormatInt(id, 10), "Category: Drug use", "Place: reporter not sure",
		"happening now", "Excerpt: 东山街道有人"} {
		if !strings.Contains(got, want) {
			t.Errorf("alert %q lacks %q", got, want)
		}
	}
}

// An urgent report left new and unassigned past the wait is listed for
// escalation; a claimed one is not.
func TestUnclaimedUrgent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	left := b.submit(t, func(s *Submission) { s.Category = "drug_driving" })
	claimed := b.submit(t, func(s *Submission) { s.Occurred = OccurredNow })
	b.submit(t, nil)
	_, err := b.store.Claim(ctx, b.officer, claimed, 0)
	must(t, err)
	tips, err := b.store.UnclaimedUrgent(ctx, time.Now().Add(time.Minute), 10)
	must(t, err)
	if len(tips) != 1 || tips[0].ID != left {
		t.Fatalf("unclaimed urgent %v, want only #%d", tips, left)
	}
	if tips, _ := b.store.UnclaimedUrgent(ctx, time.Now().Add(-time.Hour), 10); len(tips) != 0 {
		t.Fatalf("tips submitted after the cut-off were listed: %v", tips)
	}
}
