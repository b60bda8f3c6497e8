package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/notify"
	"github.com/tipline/tipline/outbox"
)

// KindUrgentAlert names an urgent tip's alert in the outbox.
const KindUrgentAlert = "urgent_alert"

// alertUrgent queues the duty officers' alert for a report that is urgent
// as it arrives: of priority 1 (its category's, raised by "happening now" or
// by corroboration) or happening now. It runs in the submit's transaction,
// so the tip and its alert commit together or not at all, and its dedupe
// key queues it once per tip and channel.
func (s *Store) alertUrgent(ctx context.Context, tx sqlx.ExtContext, id int64, sub Submission) error {
	if sub.Kind != KindReport {
		return nil
	}
	if c, ok := s.cfg.Category(sub.Category); ok && c.Priority > 2 && sub.Occurred != OccurredNow {
		return nil // corroboration raises one step: this tip cannot be urgent
	}
	var priority int
	if err := sqlx.GetContext(ctx, tx, &priority, `SELECT priority FROM tips WHERE id = $1`, id); err != nil {
		return fmt.Errorf("queue: unable to read the priority of tip %d: %w", id, err)
	}
	if priority != int(PriorityUrgent) && sub.Occurred != OccurredNow {
		return nil
	}
	t := notify.Tip{ID: id, Category: sub.Category, AreaCode: sub.AreaCode, Priority: priority,
		Now: sub.Occurred == OccurredNow, Description: sub.Description}
	_, err := notify.Enqueue(ctx, tx, s.cfg, notify.Notice{
		Class: config.NoticeAlerts, Kind: KindUrgentAlert, Lane: outbox.Notice,
		Text: notify.UrgentAlert(s.cfg, t), TelegramChat: s.cfg.Jobs.DutyChat,
		DedupeKey: fmt.Sprintf("urgent:%d", id),
	})
	return err
}

// UnclaimedUrgent lists the urgent reports (priority 1 or happening now)
// still new, unassigned and submitted before before, oldest first: those to
// escalate to supervisors.
func (s *Store) UnclaimedUrgent(ctx context.Context, before time.Time, limit int) ([]Tip, error) {
	return s.tips(ctx, tipSelect+`
		 WHERE t.kind = 'report' AND t.state = 'new' AND t.assignee_id IS NULL
		   AND (t.priority = 1 OR t.occurred = 'now') AND t.created_at < $1
		 ORDER BY t.created_at, t.id LIMIT $2`, before, limit)
}
