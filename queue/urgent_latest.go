package queue

import (
	"context"
	"fmt"
)

// LatestUrgent is the newest unclaimed urgent tip of a kind, 0 when there is
// none: the queue page's poll compares it with the last it saw, so a tip
// that arrives while another is claimed still sounds (a count would not
// move). tips_open_state_urgent holds exactly these entries.
func (s *Store) LatestUrgent(ctx context.Context, kind Kind) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `
		SELECT coalesce(max(id), 0) FROM tips
		 WHERE kind = $1 AND state = 'new' AND priority = 1`, string(kind))
	if err != nil {
		return 0, fmt.Errorf("queue: unable to find the newest urgent tip: %w", err)
	}
	return id, nil
}
