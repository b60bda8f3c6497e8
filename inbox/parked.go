// Package inbox owns bot_inbox's life after intake, as an operator and the
// scheduler see it: the updates the conversation gave up on (parked), put
// back or discarded from the admin, the inbox's health, and the purge of
// processed rows. Intake and the workers' claim are package bot's.
package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ParkedUpdate is an update that failed bot.max_attempts times, for the
// admin's health page. It shows nothing of the update itself, which stays
// sealed and may identify the reporter.
type ParkedUpdate struct {
	ID         int64     `db:"update_id"`
	ChatKey    string    `db:"chat_key"`
	Attempts   int       `db:"attempts"`
	LastError  string    `db:"last_error"`
	ReceivedAt time.Time `db:"received_at"`
}

// ErrNotParked is returned for an update that is not parked (any more).
var ErrNotParked = errors.New("inbox: update is not parked")

// ListParked lists up to limit parked updates, oldest first.
func ListParked(ctx context.Context, db sqlx.QueryerContext, limit int) ([]ParkedUpdate, error) {
	const q = `
		SELECT update_id, chat_key, attempts, coalesce(last_error, '') AS last_error, received_at
		  FROM bot_inbox WHERE state = 'parked' ORDER BY update_id LIMIT $1`
	var out []ParkedUpdate
	if err := sqlx.SelectContext(ctx, db, &out, q, limit); err != nil {
		return nil, fmt.Errorf("inbox: unable to list parked updates: %w", err)
	}
	return out, nil
}

// RetryParked puts a parked update back to be processed (after a fix), with
// its attempts starting over.
func RetryParked(ctx context.Context, db sqlx.ExecerContext, updateID int64) error {
	const q = `
		UPDATE bot_inbox SET state = 'pending', attempts = 0, locked_until = NULL
		 WHERE update_id = $1 AND state = 'parked'`
	return changeParked(ctx, db, "retry", q, updateID)
}

// DiscardParked gives a parked update up and erases its sealed payload.
func DiscardParked(ctx context.Context, db sqlx.ExecerContext, updateID int64) error {
	const q = `
		UPDATE bot_inbox SET state = 'discarded', payload_sealed = NULL, processed_at = now()
		 WHERE update_id = $1 AND state = 'parked'`
	return changeParked(ctx, db, "discard", q, updateID)
}

func changeParked(ctx context.Context, db sqlx.ExecerContext, what, q string, updateID int64) error {
	res, err := db.ExecContext(ctx, q, updateID)
	if err != nil {
		return fmt.Errorf("inbox: unable to %s update %d: %w", what, updateID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("inbox: unable to %s update %d: %w", what, updateID, ErrNotParked)
	}
	return nil
}

// Stats reports the inbox's health for the admin and metrics.
func Stats(ctx context.Context, db sqlx.QueryerContext) (pending, parked int, oldestPendingAge time.Duration, err error) {
	const q = `
		SELECT count(*) FILTER (WHERE state = 'pending'),
		       count(*) FILTER (WHERE state = 'parked'),
		       extract(epoch FROM now() - min(received_at) FILTER (WHERE state = 'pending'))
		  FROM bot_inbox WHERE state IN ('pending', 'parked')`
	var age sql.NullFloat64
	if err := db.QueryRowxContext(ctx, q).Scan(&pending, &parked, &age); err != nil {
		return 0, 0, 0, fmt.Errorf("inbox: unable to read inbox stats: %w", err)
	}
	return pending, parked, time.Duration(age.Float64 * float64(time.Second)), nil
}
