package intake

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// LimitKind names a per-client counter in intake_limits.
type LimitKind string

// The counters every channel shares.
const (
	LimitMessages      LimitKind = "messages"       // per minute
	LimitWrongReceipts LimitKind = "wrong_receipts" // per hour
	LimitTips          LimitKind = "tips"           // per day
)

// BumpSQL counts one event of the parameters kind in the fixed window
// starting at window for key (each a "$n"), returning the count so far as
// "count"; for channels that fold it into the statement opening an update.
func BumpSQL(key, kind, window string) string {
	return `INSERT INTO intake_limits (client_key, kind, window_start, count)
			VALUES (` + key + `, ` + kind + `, ` + window + `, 1)
			ON CONFLICT (client_key, kind, window_start) DO UPDATE SET count = intake_limits.count + 1
			RETURNING count`
}

// Window is the start of the fixed window of length w that holds t.
func Window(t time.Time, w time.Duration) time.Time { return t.UTC().Truncate(w) }

// Bump counts one more event of kind for key in the current fixed window and
// returns the count including it.
func (c *Core) Bump(ctx context.Context, tx sqlx.ExtContext, key Key, kind LimitKind, window time.Duration) (int, error) {
	var n int
	if err := sqlx.GetContext(ctx, tx, &n, BumpSQL("$1", "$2", "$3"), key[:], string(kind), Window(c.now(), window)); err != nil {
		return 0, errorf("unable to count %s: %w", kind, err)
	}
	return n, nil
}

// Count returns the events of kind counted for key in the current window.
func (c *Core) Count(ctx context.Context, tx sqlx.ExtContext, key Key, kind LimitKind, window time.Duration) (int, error) {
	const q = `
		SELECT coalesce(sum(count), 0) FROM intake_limits
		WHERE client_key = $1 AND kind = $2 AND window_start = $3`
	var n int
	if err := sqlx.GetContext(ctx, tx, &n, q, key[:], string(kind), Window(c.now(), window)); err != nil {
		return 0, errorf("unable to count %s: %w", kind, err)
	}
	return n, nil
}

// CheckTips refuses a submission once key has submitted the configured
// number of tips today (a *LimitError).
func (c *Core) CheckTips(ctx context.Context, tx sqlx.ExtContext, key Key) error {
	limit := c.cfg.Limits.TipsPerDay
	if limit <= 0 {
		return nil
	}
	n, err := c.Count(ctx, tx, key, LimitTips, 24*time.Hour)
	if err != nil {
		return err
	}
	if n >= limit {
		return &LimitError{Kind: LimitTips, Limit: limit}
	}
	return nil
}
