package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// purgeBatch bounds each delete, so the sender and intake are never held up.
const purgeBatch = 1000

// PurgeSent deletes messages sent before before, and dead messages queued
// before before, in batches, and returns how many went. Pending messages are
// kept however old; a dead one is kept for inspection for the same retention
// as a sent one, not for ever.
func PurgeSent(ctx context.Context, db sqlx.ExecerContext, before time.Time) (int, error) {
	const sent = `
		DELETE FROM outbox WHERE id IN (
			SELECT id FROM outbox WHERE state = 'sent' AND sent_at < $1 ORDER BY sent_at LIMIT $2)`
	const dead = `
		DELETE FROM outbox WHERE id IN (
			SELECT id FROM outbox WHERE state = 'dead' AND created_at < $1 ORDER BY created_at LIMIT $2)`
	total := 0
	for _, q := range []string{sent, dead} {
		for {
			res, err := db.ExecContext(ctx, q, before, purgeBatch)
			if err != nil {
				return total, fmt.Errorf("outbox: unable to purge finished messages: %w", err)
			}
			n, _ := res.RowsAffected()
			total += int(n)
			if n < purgeBatch {
				break
			}
		}
	}
	return total, nil
}
