package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// purgeBatch bounds each delete, so the sender and intake are never held up.
const purgeBatch = 1000

// PurgeSent deletes messages sent before before, in batches, and returns how
// many went. Pending, failed and dead messages are kept for inspection.
func PurgeSent(ctx context.Context, db sqlx.ExecerContext, before time.Time) (int, error) {
	const q = `
		DELETE FROM outbox WHERE id IN (
			SELECT id FROM outbox WHERE state = 'sent' AND sent_at < $1 ORDER BY sent_at LIMIT $2)`
	total := 0
	for {
		res, err := db.ExecContext(ctx, q, before, purgeBatch)
		if err != nil {
			return total, fmt.Errorf("outbox: unable to purge sent messages: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < purgeBatch {
			return total, nil
		}
	}
}
