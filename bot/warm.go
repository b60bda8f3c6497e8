package bot

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgconn"
)

// warmStatement is planned on each connection before intake starts, so that
// the backend has read the catalog entries of every table (and its indexes)
// an update's transaction touches: the inbox, the reporter's session and
// limits, the blocks, the outbox. Without it the first second of a burst
// after a start met cold backends, and its updates waited up to half a
// second (`tipline load --rate 500`: 574 of 5,000 updates over 100 ms, 571
// of them in the first three seconds). Nothing is read or written.
const warmStatement = `EXPLAIN SELECT 1 FROM bot_inbox, bot_reporters, intake_limits, intake_drafts, reporter_blocks, outbox`

// warm prepares the connections intake, the workers and the sender will use.
// A failure only costs the first updates' time, so it is logged, not fatal.
func (s *Service) warm(ctx context.Context) {
	n := s.workers() + poolReserve
	if open := s.db.Stats().MaxOpenConnections; open > 0 {
		n = min(n, open)
	}
	err := pgconn.Warm(ctx, s.db, n, func(ctx context.Context, conn *sqlx.Conn) error {
		if _, err := conn.ExecContext(ctx, warmStatement); err != nil {
			return fmt.Errorf("bot: unable to warm a connection: %w", err)
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		s.log.Warn("connections not warmed", "err", err)
	}
}
