package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/tipline/tipline/audit"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/bot/chat"
	"github.com/tipline/tipline/outbox"
)

// purgeBatch is how many rows one statement deletes, so a purge never holds
// locks long enough to stall intake.
const purgeBatch = 500

// runPurge deletes what retention says has been kept long enough: closed tips
// (by resolution), self-help questions, expired report drafts, processed
// Telegram updates, sent outbox messages. The audit log
// keeps that it happened and how much went, never what.
func (s *Scheduler) runPurge(ctx context.Context, r *run) (any, error) {
	now := s.now()
	counts := map[string]int{}
	for {
		res, err := s.tips.Purge(ctx, now, purgeBatch)
		if err != nil {
			return counts, fmt.Errorf("jobs: unable to purge tips: %w", err)
		}
		counts["tips"] += res.Tips
		counts["attachments"] += res.Attachments
		counts["dialogue"] += res.Dialogue
		counts["notes"] += res.Notes
		counts["events"] += res.Events
		if res.Tips < purgeBatch {
			break
		}
		if err := s.renew(ctx, r); err != nil {
			return counts, err
		}
	}
	if keep := s.cfg.Retention.Outbox.D(); keep > 0 {
		n, err := outbox.PurgeSent(ctx, s.db, now.Add(-keep))
		if err != nil {
			return counts, err
		}
		counts["outbox"] = n
	}
	own, err := s.purgeOwn(ctx, now)
	if err != nil {
		return counts, err
	}
	counts["alert_runs"] = own
	drafts, err := chat.PurgeExpiredDrafts(ctx, s.db, now)
	if err != nil {
		return counts, err
	}
	counts["drafts"] = int(drafts)
	if keep := s.cfg.Retention.Inbox.D(); keep > 0 {
		n, err := bot.PurgeProcessedInbox(ctx, s.db, now.Add(-keep))
		if err != nil {
			return counts, err
		}
		counts["inbox"] = n
	}
	detail := map[string]any{"job": r.Job, "period_end": r.Period.End, "deleted": counts}
	if err := audit.Record(ctx, s.db, nil, "jobs", "purge", nil, "jobs", detail); err != nil {
		return counts, err
	}
	return counts, nil
}

// alertRunsKept: the alert job claims a period every few minutes; its done
// runs are only of interest for a while.
const alertRunsKept = 7 * 24 * time.Hour

// purgeOwn trims this package's own bookkeeping: old alert runs, and the
// record of alerts raised for tips that no longer exist.
func (s *Scheduler) purgeOwn(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM job_runs WHERE job = $1 AND state = 'done' AND period_end < $2`,
		JobAlerts, now.Add(-alertRunsKept))
	if err != nil {
		return 0, fmt.Errorf("jobs: unable to purge alert runs: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.db.ExecContext(ctx, `
		DELETE FROM deadline_alerts a
		 WHERE raised_at < $1 AND NOT EXISTS (SELECT 1 FROM tips t WHERE t.id = a.tip_id)`,
		now.Add(-alertRunsKept)); err != nil {
		return int(n), fmt.Errorf("jobs: unable to purge raised alerts: %w", err)
	}
	return int(n), nil
}
