package jobs

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/lib/pq"

	"github.com/tipline/tipline/audit"
	"github.com/tipline/tipline/inbox"
	"github.com/tipline/tipline/intake"
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
	drafts, err := intake.PurgeExpired(ctx, s.db, now)
	if err != nil {
		return counts, err
	}
	counts["drafts"] = int(drafts)
	if keep := s.cfg.Retention.Inbox.D(); keep > 0 {
		n, err := inbox.PurgeProcessed(ctx, s.db, now.Add(-keep))
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
	if err := s.forgetPurgedAlerts(ctx, now.Add(-alertRunsKept)); err != nil {
		return int(n), err
	}
	return int(n), nil
}

// forgetPurgedAlerts drops the record of alerts raised before cutoff for tips
// the queue no longer has, a batch of tips at a time; which tips still exist
// is the queue's to say.
func (s *Scheduler) forgetPurgedAlerts(ctx context.Context, cutoff time.Time) error {
	after := int64(0)
	for {
		var ids []int64
		if err := s.db.SelectContext(ctx, &ids, `
			SELECT DISTINCT tip_id FROM deadline_alerts WHERE raised_at < $1 AND tip_id > $2
			 ORDER BY tip_id LIMIT $3`, cutoff, after, purgeBatch); err != nil {
			return fmt.Errorf("jobs: unable to read raised alerts: %w", err)
		}
		n := len(ids)
		if n == 0 {
			return nil
		}
		after = ids[n-1]
		live, err := s.tips.ExistingTips(ctx, ids)
		if err != nil {
			return fmt.Errorf("jobs: unable to purge raised alerts: %w", err)
		}
		stored := make(map[int64]bool, len(live))
		for _, id := range live {
			stored[id] = true
		}
		gone := slices.DeleteFunc(ids, func(id int64) bool { return stored[id] })
		if len(gone) > 0 {
			if _, err := s.db.ExecContext(ctx, `
				DELETE FROM deadline_alerts WHERE tip_id = ANY($1) AND raised_at < $2`, pq.Array(gone), cutoff); err != nil {
				return fmt.Errorf("jobs: unable to purge raised alerts: %w", err)
			}
		}
		if n < purgeBatch {
			return nil
		}
	}
}
