package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// purgeBatch bounds each delete so intake never waits on the purge.
const purgeBatch = 1000

// PurgeProcessed deletes updates processed (or discarded) before before, in
// batches, and returns how many went. Their payloads were already erased when
// they were processed; the rows only prove that an update id was seen, which
// matters for Telegram's redeliveries within a day, not for weeks.
//
// A parked update (one the conversation failed on) keeps its sealed payload,
// which names the reporter, for an operator to look into; once it is older
// than before it is discarded with its payload, counted among those that went,
// and deleted by a later purge.
func PurgeProcessed(ctx context.Context, db sqlx.ExecerContext, before time.Time) (int, error) {
	const discard = `
		UPDATE bot_inbox SET state = 'discarded', payload_sealed = NULL, processed_at = now(), locked_until = NULL
		 WHERE state = 'parked' AND received_at < $1`
	res, err := db.ExecContext(ctx, discard, before)
	if err != nil {
		return 0, fmt.Errorf("inbox: unable to discard parked updates: %w", err)
	}
	discarded, _ := res.RowsAffected()
	const q = `
		DELETE FROM bot_inbox WHERE update_id IN (
			SELECT update_id FROM bot_inbox
			 WHERE state IN ('done', 'discarded') AND processed_at < $1
			 ORDER BY processed_at LIMIT $2)`
	total := int(discarded)
	for {
		res, err := db.ExecContext(ctx, q, before, purgeBatch)
		if err != nil {
			return total, fmt.Errorf("inbox: unable to purge processed updates: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < purgeBatch {
			return total, nil
		}
	}
}
