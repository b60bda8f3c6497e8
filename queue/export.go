package queue

import (
	"context"
	"fmt"
	"time"
)

// EachReport calls fn with every report that arrived in [from, to), oldest
// first, in one statement: a digest's CSV of a busy day is tens of thousands
// of tips, which List would page through a couple of hundred at a time. An
// error from fn stops the walk and is returned as is.
func (s *Store) EachReport(ctx context.Context, from, to time.Time, fn func(Tip) error) error {
	rows, err := s.db.QueryContext(ctx, tipSelect+`
		WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2
		ORDER BY t.created_at, t.id`, from, to)
	if err != nil {
		return fmt.Errorf("queue: unable to read the period's tips: %w", err)
	}
	defer rows.Close()
	now := s.now()
	for rows.Next() {
		t, err := s.scanTip(rows, now)
		if err != nil {
			return fmt.Errorf("queue: unable to read the period's tips: %w", err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("queue: unable to read the period's tips: %w", err)
	}
	return nil
}
