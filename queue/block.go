package queue

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
)

// Block refuses further tips from the reporter of a tip, for floods and
// abuse, in the audience of that tip only: a supervisor's block (on a report)
// leaves the reporter free to ask a counsellor for help, a counsellor's (on a
// help question) leaves their reports alone. The reporter is named only by
// their ref.
func (s *Store) Block(ctx context.Context, by Actor, tipID int64, reason string) error {
	if utf8.RuneCountInString(reason) > 500 {
		return invalid("reason", "longer than 500 characters")
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, tipID, 0, actBlock)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO reporter_blocks (reporter_ref, audience, blocked_by, reason, created_at)
			SELECT reporter_ref, block_audience(kind), $2, $3, $4 FROM tips WHERE id = $1
			ON CONFLICT (reporter_ref, audience) DO UPDATE SET blocked_by = EXCLUDED.blocked_by, reason = EXCLUDED.reason`,
			tipID, by.ID, reason, s.now())
		if err != nil {
			return fmt.Errorf("queue: unable to block reporter of tip %d: %w", tipID, err)
		}
		return s.event(ctx, tx, &by, tipID, actBlock.name, l.state, l.state, map[string]any{"reason": reason})
	})
}

// Unblock lifts the block on the reporter of a tip, in that tip's audience.
func (s *Store) Unblock(ctx context.Context, by Actor, tipID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, tipID, 0, actUnblock)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			DELETE FROM reporter_blocks b USING tips t
			 WHERE t.id = $1 AND b.reporter_ref = t.reporter_ref AND b.audience = block_audience(t.kind)`, tipID)
		if err != nil {
			return fmt.Errorf("queue: unable to unblock reporter of tip %d: %w", tipID, err)
		}
		return s.event(ctx, tx, &by, tipID, actUnblock.name, l.state, l.state, nil)
	})
}
