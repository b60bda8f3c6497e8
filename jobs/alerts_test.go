package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

func (b *bundle) messages(t testing.TB, chat int64) []string {
	t.Helper()
	var texts []string
	if err := b.db.Select(&texts, `SELECT payload->>'text' FROM outbox WHERE chat_id = $1 ORDER BY id`, chat); err != nil {
		t.Fatal(err)
	}
	return texts
}

func TestDeadlineAlertsOncePerTipAndDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 10, 2, 0, 0, b.cfg.Location)
	late := b.submitAt(t, t0, nil) // normal priority: triage due in 3 days
	forwarded := b.submitAt(t, t0, nil)
	rewarded := b.submitAt(t, t0, nil)
	helpQ := b.submitAt(t, t0, func(s *queue.Submission) { s.Kind, s.Category = queue.KindHelp, queue.SelfHelpCategory })
	b.clock.Set(t0)
	for _, step := range []func() error{
		func() error { _, err := b.store.Claim(ctx, b.officer, forwarded, 0); return err },
		func() error {
			_, err := b.store.Forward(ctx, b.officer, forwarded, "湘乡市公安局禁毒大队", "XX-1", 0)
			return err
		},
		func() error { _, err := b.store.Claim(ctx, b.officer, rewarded, 0); return err },
		func() error {
			_, err := b.store.Forward(ctx, b.officer, rewarded, "禁毒大队", "XX-2", 0)
			return err
		},
		func() error {
			_, err := b.store.ChangeReward(ctx, b.officer, rewarded, queue.RewardChange{Step: queue.RewardEligible, AmountCents: 50000, Reason: "按办法核定"}, 0)
			return err
		},
		func() error {
			_, err := b.store.Reward(ctx, b.leader(t), rewarded, queue.RewardApproved, 0, 0)
			return err
		},
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	s := b.scheduler(t)
	tick := func(at time.Time) {
		b.clock.Set(at)
		s.tick(ctx, mustJob(t, s, JobAlerts))
	}

	tick(t0.Add(time.Hour)) // nothing due yet
	if n := b.count(t, `SELECT count(*) FROM outbox`); n != 0 {
		t.Fatalf("%d alerts before any deadline", n)
	}
	tick(t0.AddDate(0, 0, 4)) // past triage of `late` (and of the help question)
	tick(t0.AddDate(0, 0, 4).Add(5 * time.Minute))
	duty := b.messages(t, dutyChat)
	if len(duty) != 1 || !strings.Contains(duty[0], "#"+itoa(late)+" ") || !strings.Contains(duty[0], "超过分拣期限") {
		t.Fatalf("duty chat got %q, want one triage alert for #%d", duty, late)
	}
	if strings.Contains(duty[0], "#"+itoa(helpQ)+" ") {
		t.Error("a self-help question was alerted to the duty chat")
	}

	tick(t0.AddDate(0, 0, 21)) // reward notice due 15 working days after approval (23 November), alerted 3 days before
	tick(t0.AddDate(0, 0, 31)) // feedback due 30 days after forwarding
	tick(t0.AddDate(0, 0, 31).Add(5 * time.Minute))
	sup := b.messages(t, supervisorChat)
	if len(sup) != 2 {
		t.Fatalf("supervisors got %d messages, want 2: %q", len(sup), sup)
	}
	if !strings.Contains(sup[0], "告知期限") || !strings.Contains(sup[0], "#"+itoa(rewarded)+" ") {
		t.Errorf("first supervisor alert is not the reward's: %q", sup[0])
	}
	if !strings.Contains(sup[1], "反馈已逾期") || !strings.Contains(sup[1], "#"+itoa(forwarded)+" ") || !strings.Contains(sup[1], "#"+itoa(rewarded)+" ") {
		t.Errorf("second supervisor alert is not both forwarded tips' feedback: %q", sup[1])
	}
	if n := b.count(t, `SELECT count(*) FROM deadline_alerts`); n != 4 {
		t.Errorf("%d alerts recorded, want 4", n)
	}
}

// A notified reward nobody paid is alerted to the supervisors once, three
// days before the reporter's claim deadline; a paid one never is.
func TestRewardPayAlert(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, b.cfg.Location)
	unpaid := b.submitAt(t, t0, nil)
	paid := b.submitAt(t, t0, nil)
	b.clock.Set(t0)
	leader := b.leader(t)
	for _, id := range []int64{unpaid, paid} {
		for _, c := range []struct {
			by   queue.Actor
			step queue.RewardChange
		}{
			{b.officer, queue.RewardChange{Step: queue.RewardEligible, AmountCents: 80000, Reason: "按办法核定"}},
			{leader, queue.RewardChange{Step: queue.RewardApproved}},
			{b.officer, queue.RewardChange{Step: queue.RewardNotified}},
		} {
			if _, err := b.store.ChangeReward(ctx, c.by, id, c.step, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := b.store.Reward(ctx, b.officer, paid, queue.RewardPaid, 0, 0); err != nil {
		t.Fatal(err)
	}
	s := b.scheduler(t)
	tick := func(at time.Time) {
		b.clock.Set(at)
		s.tick(ctx, mustJob(t, s, JobAlerts))
	}
	claimDue := b.store.ClaimDue(t0)
	alertAt := claimDue.Add(-b.cfg.Rewards.AlertBefore.D())

	tick(alertAt.Add(-time.Hour))
	if sup := b.messages(t, supervisorChat); len(sup) != 0 {
		t.Fatalf("alerted before the window: %q", sup)
	}
	tick(alertAt.Add(time.Minute))
	tick(alertAt.Add(10 * time.Minute))
	tick(claimDue.Add(time.Hour)) // past due: still only once
	sup := b.messages(t, supervisorChat)
	if len(sup) != 1 {
		t.Fatalf("supervisors got %d messages, want 1: %q", len(sup), sup)
	}
	if !strings.Contains(sup[0], "领取期限") || !strings.Contains(sup[0], "#"+itoa(unpaid)+" ") {
		t.Errorf("alert is not the unpaid reward's claim deadline: %q", sup[0])
	}
	if strings.Contains(sup[0], "#"+itoa(paid)+" ") {
		t.Errorf("a paid reward was alerted: %q", sup[0])
	}
	if n := b.count(t, `SELECT count(*) FROM deadline_alerts WHERE deadline = 'reward_pay' AND tip_id = $1 AND due_at = $2`, unpaid, claimDue); n != 1 {
		t.Errorf("reward_pay alert recorded %d times for the claim deadline, want 1", n)
	}
}

// An urgent report nobody claims is escalated to the supervisors' robot and
// chat once, notify.alerts.escalate_after after it came in, by the injected
// clock; a claimed one and an ordinary one never are.
func TestUnclaimedUrgentTipEscalatesOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.cfg.Notify.Alerts.EscalateAfter = config.Duration(20 * time.Minute)
	b.cfg.Notify.Robots = []config.Robot{{Name: "leaders", Kind: config.RobotDingTalk,
		URL: "https://oapi.dingtalk.com/robot/send?access_token=t", Notices: []string{config.NoticeEscalations}}}
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, b.cfg.Location)
	left := b.submitAt(t, t0, func(s *queue.Submission) { s.Category, s.AreaCode = "drug_driving", "meiqiao" })
	claimed := b.submitAt(t, t0, func(s *queue.Submission) { s.Occurred = queue.OccurredNow })
	b.submitAt(t, t0, nil)
	b.clock.Set(t0.Add(time.Minute))
	if _, err := b.store.Claim(ctx, b.officer, claimed, 0); err != nil {
		t.Fatal(err)
	}
	s := b.scheduler(t)
	escalations := func(at time.Time) []string {
		t.Helper()
		b.clock.Set(at)
		s.tick(ctx, mustJob(t, s, JobAlerts))
		var texts []string
		if err := b.db.Select(&texts, `SELECT chat_key || ' ' || (payload->>'text') FROM outbox WHERE dedupe_key LIKE 'escalation:%' ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		return texts
	}
	if got := escalations(t0.Add(19 * time.Minute)); len(got) != 0 {
		t.Fatalf("escalated before 20 minutes: %q", got)
	}
	got := escalations(t0.Add(21 * time.Minute))
	if len(got) != 2 || !strings.HasPrefix(got[0], "robot:leaders 【紧急线索无人认领】#"+itoa(left)+"\n") ||
		!strings.HasPrefix(got[1], "office:"+itoa(supervisorChat)+" 【紧急线索无人认领】#"+itoa(left)+"\n") {
		t.Fatalf("escalations %q, want #%d to the leaders' robot and the supervisors' chat", got, left)
	}
	for _, want := range []string{"类别：毒驾", "地点：梅桥镇", "已等待：21 分钟", "https://tips.example.cn/tips/" + itoa(left)} {
		if !strings.Contains(got[0], want) {
			t.Errorf("escalation %q lacks %q", got[0], want)
		}
	}
	if again := escalations(t0.Add(time.Hour)); len(again) != 2 {
		t.Fatalf("%d escalations an hour on, want still 2", len(again))
	}
}

// leader adds an officer of the leader role, who approves the rewards the
// bundle's supervisor proposes.
func (b *bundle) leader(t testing.TB) queue.Actor {
	t.Helper()
	var id int64
	if err := b.db.QueryRowx(`INSERT INTO officers (username, display_name, role, password_hash)
		VALUES ('sun.li', 'sun.li', 'leader', 'x') ON CONFLICT (username) DO UPDATE SET role = 'leader' RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return queue.Actor{ID: id, Username: "sun.li", Role: queue.RoleLeader}
}
