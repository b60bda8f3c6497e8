package jobs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/notify"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/queue"
)

// Deadlines as named in deadline_alerts.
const (
	deadlineTriage       = "triage"
	deadlineFeedback     = "feedback"
	deadlineRewardNotify = "reward_notify"
	deadlineRewardPay    = "reward_pay"
	// deadlineUrgent is an urgent report nobody claimed within
	// notify.alerts.escalate_after.
	deadlineUrgent = "urgent_unclaimed"
)

// overdueScan caps the tips one alert tick looks at.
const overdueScan = 1000

// alert is one tip that missed, or is about to miss, a deadline.
type alert struct {
	TipID    int64
	Deadline string
	Due      time.Time
	Line     string
}

// runAlerts tells the duty channels (robots given alerts, the duty chat)
// about tips past their triage deadline, and the supervisors' (robots given
// escalations, the supervisors' chat) about urgent reports left unclaimed
// and overdue feedback and reward deadlines. Each (tip, deadline) is alerted
// once, whichever replica and tick gets there first.
func (s *Scheduler) runAlerts(ctx context.Context, r *run) (any, error) {
	now := s.now()
	w := wordsFor(s.cfg.Digest.Locale)
	overdue, err := s.tips.OverdueTips(ctx, now, overdueScan)
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to read overdue tips: %w", err)
	}
	var triage, feedback []alert
	for _, t := range reportsOnly(overdue) {
		switch {
		case t.State == queue.StateForwarded && t.FeedbackDue != nil && now.After(*t.FeedbackDue):
			feedback = append(feedback, s.tipAlert(t, deadlineFeedback, *t.FeedbackDue, w))
		case t.State != queue.StateForwarded && t.State != queue.StateClosed && now.After(t.TriageDue):
			triage = append(triage, s.tipAlert(t, deadlineTriage, t.TriageDue, w))
		}
	}
	notifyDue, pay, err := s.rewardAlerts(ctx, now, w)
	if err != nil {
		return nil, err
	}
	result := map[string]int{}
	for _, g := range []struct {
		class  string
		chat   int64
		kind   string
		header string
		alerts []alert
	}{
		{config.NoticeAlerts, s.cfg.Jobs.DutyChat, deadlineTriage, w.triageAlert, triage},
		{config.NoticeEscalations, s.cfg.Jobs.SupervisorChat, deadlineFeedback, w.feedbackDue, feedback},
		{config.NoticeEscalations, s.cfg.Jobs.SupervisorChat, deadlineRewardNotify, w.rewardNotifyDue, notifyDue},
		{config.NoticeEscalations, s.cfg.Jobs.SupervisorChat, deadlineRewardPay, w.rewardClaimDue, pay},
	} {
		if len(g.alerts) == 0 || !s.reaches(g.class, g.chat) {
			continue // no channel configured: alert once there is one
		}
		n, err := s.raise(ctx, g.class, g.chat, g.header, g.alerts, w)
		if err != nil {
			return result, err
		}
		result[g.kind] = n
		alertsTotal.WithLabelValues(g.kind).Add(float64(n))
	}
	n, err := s.escalateUrgent(ctx, now)
	if n > 0 {
		result[deadlineUrgent] = n
		alertsTotal.WithLabelValues(deadlineUrgent).Add(float64(n))
	}
	return result, err
}

// reaches reports whether a notice of class goes anywhere: to a robot given
// it or to the Telegram chat.
func (s *Scheduler) reaches(class string, chat int64) bool {
	return chat != 0 || len(s.cfg.Notify.RobotsFor(class)) > 0
}

// escalateUrgent tells the supervisors' channels of each urgent report
// (priority 1 or happening now) still new and unassigned
// notify.alerts.escalate_after after it came in: once per tip, recorded in
// deadline_alerts in the transaction that queues the notices, as raise does.
func (s *Scheduler) escalateUrgent(ctx context.Context, now time.Time) (int, error) {
	if !s.reaches(config.NoticeEscalations, s.cfg.Jobs.SupervisorChat) {
		return 0, nil
	}
	after := s.cfg.Notify.Alerts.EscalateAfter.D()
	tips, err := s.tips.UnclaimedUrgent(ctx, now.Add(-after), overdueScan)
	if err != nil {
		return 0, fmt.Errorf("jobs: unable to read unclaimed urgent tips: %w", err)
	}
	tips = reportsOnly(tips)
	if len(tips) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(tips))
	dues := make([]time.Time, len(tips))
	for i, t := range tips {
		ids[i], dues[i] = t.ID, t.CreatedAt.Add(after)
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: unable to begin: %w", err)
	}
	defer tx.Rollback()
	var fresh []int64
	const q = `
		INSERT INTO deadline_alerts (tip_id, deadline, due_at)
		SELECT id, $2, due FROM unnest($1::bigint[], $3::timestamptz[]) AS u(id, due)
		ON CONFLICT DO NOTHING
		RETURNING tip_id`
	if err := tx.SelectContext(ctx, &fresh, q, pq.Array(ids), deadlineUrgent, pq.Array(dues)); err != nil {
		return 0, fmt.Errorf("jobs: unable to record escalations: %w", err)
	}
	for _, t := range tips {
		if !slices.Contains(fresh, t.ID) {
			continue
		}
		text := notify.Escalation(s.cfg, notify.Tip{ID: t.ID, Category: t.Category, AreaCode: t.AreaCode,
			Priority: int(t.Priority), Now: t.Occurred == queue.OccurredNow, Waited: now.Sub(t.CreatedAt)})
		if _, err := notify.Enqueue(ctx, tx, s.cfg, notify.Notice{
			Class: config.NoticeEscalations, Kind: "escalation", Lane: outbox.Notice, Text: text,
			TelegramChat: s.cfg.Jobs.SupervisorChat, DedupeKey: fmt.Sprintf("escalation:%d", t.ID),
		}); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("jobs: unable to commit escalations: %w", err)
	}
	return len(fresh), nil
}

func (s *Scheduler) tipAlert(t queue.Tip, deadline string, due time.Time, w words) alert {
	line := fmt.Sprintf("#%d %s · %s · %s · %s %s", t.ID, w.priorities[t.Priority], w.category(s.cfg, t.Category),
		w.tipArea(s.cfg, t), fmt.Sprintf(w.dueAt, due.In(s.loc).Format(periodLayout)), s.tipLink(t.ID))
	return alert{TipID: t.ID, Deadline: deadline, Due: due, Line: line}
}

// raise records the alerts not raised before and queues one message for them,
// in one transaction: the record and the message exist together or not at all.
func (s *Scheduler) raise(ctx context.Context, class string, chat int64, header string, as []alert, w words) (int, error) {
	ids := make([]int64, len(as))
	kinds := make([]string, len(as))
	dues := make([]time.Time, len(as))
	for i, a := range as {
		ids[i], kinds[i], dues[i] = a.TipID, a.Deadline, a.Due
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: unable to begin: %w", err)
	}
	defer tx.Rollback()
	var fresh []struct {
		TipID int64     `db:"tip_id"`
		Due   time.Time `db:"due_at"`
	}
	const q = `
		INSERT INTO deadline_alerts (tip_id, deadline, due_at)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])
		ON CONFLICT DO NOTHING
		RETURNING tip_id, due_at`
	if err := tx.SelectContext(ctx, &fresh, q, pq.Array(ids), pq.Array(kinds), pq.Array(dues)); err != nil {
		return 0, fmt.Errorf("jobs: unable to record alerts: %w", err)
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	isFresh := map[int64]bool{}
	for _, f := range fresh {
		isFresh[f.TipID] = true
	}
	lines := []string{header}
	n := 0
	for _, a := range as {
		if !isFresh[a.TipID] {
			continue
		}
		if n == listLimit*2 {
			lines = append(lines, fmt.Sprintf(w.more, len(fresh)-n))
			break
		}
		lines = append(lines, a.Line)
		n++
	}
	if _, err := notify.Enqueue(ctx, tx, s.cfg, notify.Notice{
		Class: class, Kind: "deadline_alert", Lane: outbox.Notice, Text: strings.Join(lines, "\n"), TelegramChat: chat,
	}); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("jobs: unable to commit alerts: %w", err)
	}
	return len(fresh), nil
}

// rewardAlerts finds rewards approved but not notified as the notification
// deadline nears, and notified but unpaid as the claim deadline nears.
func (s *Scheduler) rewardAlerts(ctx context.Context, now time.Time, w words) (notify, pay []alert, err error) {
	ts, err := s.tips.RewardDeadlines(ctx, now, s.cfg.Rewards.AlertBefore.D())
	if err != nil {
		return nil, nil, fmt.Errorf("jobs: unable to read reward deadlines: %w", err)
	}
	for _, t := range reportsOnly(ts) {
		switch {
		case t.RewardState == string(queue.RewardApproved) && t.RewardNotifyDue != nil:
			notify = append(notify, s.tipAlert(t, deadlineRewardNotify, *t.RewardNotifyDue, w))
		case t.RewardState == string(queue.RewardNotified) && t.RewardClaimDue != nil:
			pay = append(pay, s.tipAlert(t, deadlineRewardPay, *t.RewardClaimDue, w))
		}
	}
	return notify, pay, nil
}
