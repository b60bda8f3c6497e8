package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// inboxPurgeBatch bounds each delete so intake never waits on the purge.
const inboxPurgeBatch = 1000

// PurgeProcessedInbox deletes updates processed (or discarded) before before, in
// batches, and returns how many went. Their payloads were already erased when
// they were processed; the rows only prove that an update id was seen, which
// matters for Telegram's redeliveries within a day, not for weeks.
func PurgeProcessedInbox(ctx context.Context, db sqlx.ExecerContext, before time.Time) (int, error) {
	const q = `
		DELETE FROM bot_inbox WHERE update_id IN (
			SELECT update_id FROM bot_inbox
			 WHERE state IN ('done', 'discarded') AND processed_at < $1
			 ORDER BY processed_at LIMIT $2)`
	total := 0
	for {
		res, err := db.ExecContext(ctx, q, before, inboxPurgeBatch)
		if err != nil {
			return total, fmt.Errorf("bot: unable to purge processed updates: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < inboxPurgeBatch {
			return total, nil
		}
	}
}
