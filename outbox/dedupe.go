package outbox

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Enqueued returns the ids of the messages queued under these dedupe keys,
// sent or not, in no order; a key never used, or whose row was purged,
// gives nothing. A later message can then act on an earlier one (take the
// keyboard off a question once its tip closed).
func Enqueued(ctx context.Context, db sqlx.QueryerContext, keys []string) ([]int64, error) {
	var ids []int64
	if len(keys) == 0 {
		return ids, nil
	}
	if err := sqlx.SelectContext(ctx, db, &ids, `SELECT id FROM outbox WHERE dedupe_key = ANY($1) ORDER BY id`, pq.Array(keys)); err != nil {
		return nil, fmt.Errorf("outbox: unable to find messages by key: %w", err)
	}
	return ids, nil
}
