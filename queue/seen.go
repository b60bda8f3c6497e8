package queue

import (
	"context"
	"fmt"
)

// Seen records that the tip's holder has looked at it, which ends its
// "replied" mark. Another officer's look does not: the mark tells the holder
// that the reporter wrote. It neither bumps the version nor writes an event,
// so an open form on the tip stays valid; the audit log has the view.
func (s *Store) Seen(ctx context.Context, by Actor, id int64) error {
	_, err := s.db.ExecContext(ctx,
		`UPDATE tips SET reporter_replied_at = NULL
		  WHERE id = $1 AND assignee_id = $2 AND reporter_replied_at IS NOT NULL`, id, by.ID)
	if err != nil {
		return fmt.Errorf("queue: unable to mark tip %d seen: %w", id, err)
	}
	return nil
}
