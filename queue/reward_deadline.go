package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// rewardDeadlineScan caps one call: deadlines are alerted in due order, so
// what is left is found by the next call.
const rewardDeadlineScan = 1000

// RewardDeadlines lists reports whose reward deadline falls at or before
// now + within: approved and not yet notified as the notice deadline nears
// (Tip.RewardNotifyDue, working days from the case solved), and notified and
// not yet paid as the reporter's claim deadline nears (Tip.RewardClaimDue).
// Deadlines already past are included. Soonest due first, at most 1,000.
func (s *Store) RewardDeadlines(ctx context.Context, now time.Time, within time.Duration) ([]Tip, error) {
	return s.tips(ctx, tipSelect+`
		WHERE t.kind = 'report'
		  AND ((t.reward_state = 'approved' AND t.reward_notify_due <= $1)
		    OR (t.reward_state = 'notified' AND t.reward_claim_due <= $1))
		ORDER BY CASE t.reward_state WHEN 'approved' THEN t.reward_notify_due ELSE t.reward_claim_due END, t.id
		LIMIT $2`,
		now.Add(within), rewardDeadlineScan)
}

// ExistingTips returns those of ids that are still stored (in no particular
// order), so that other packages can drop what they keep about purged tips
// without reading the queue's tables.
func (s *Store) ExistingTips(ctx context.Context, ids []int64) ([]int64, error) {
	out := []int64{}
	if len(ids) == 0 {
		return out, nil
	}
	if err := s.db.SelectContext(ctx, &out, `SELECT id FROM tips WHERE id = ANY($1)`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("queue: unable to look tips up: %w", err)
	}
	return out, nil
}
