package queue

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// AttachmentTotals counts a tip's files and their bytes, so that evidence
// added later (answers, added information) stays within the per-tip limits
// the first report was held to.
func (s *Store) AttachmentTotals(ctx context.Context, tx sqlx.ExtContext, tipID int64) (n int, bytes int64, err error) {
	const q = `SELECT count(*), coalesce(sum(size_bytes), 0) FROM attachments WHERE tip_id = $1`
	if err := tx.QueryRowxContext(ctx, q, tipID).Scan(&n, &bytes); err != nil {
		return 0, 0, fmt.Errorf("queue: unable to count attachments of tip %d: %w", tipID, err)
	}
	return n, bytes, nil
}
