package queue

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Satisfaction is a reporter's answer to "were you satisfied with how your
// report was handled?" (满意度): 1 very satisfied, 2 satisfied, 3 fairly
// satisfied, 4 dissatisfied.
type Satisfaction int

// The answers, best first.
var Satisfactions = []Satisfaction{1, 2, 3, 4}

// Valid says whether v is one of the answers.
func (v Satisfaction) Valid() bool { return v >= 1 && v <= 4 }

// Satisfied counts as satisfied for the leaders' figures: very satisfied or
// satisfied, as the public-satisfaction surveys count it.
func (v Satisfaction) Satisfied() bool { return v == 1 || v == 2 }

// Rate records the reporter's answer on their closed report, replacing an
// earlier one; the caller has made sure the answer is the reporter's (a
// signed button sent to them, or a checked receipt). It is no change to the
// tip: no version, no event, no audit, so the answer says nothing of when it
// came or through which channel. A tip that is not a closed report is
// ErrNotFound.
func (s *Store) Rate(ctx context.Context, tx sqlx.ExtContext, tipID int64, v Satisfaction) error {
	if !v.Valid() {
		return invalid("satisfaction", "%d is not 1 to 4", v)
	}
	res, err := tx.ExecContext(ctx, `UPDATE tips SET satisfaction = $2 WHERE id = $1 AND kind = 'report' AND state = 'closed'`, tipID, int16(v))
	if err != nil {
		return fmt.Errorf("queue: unable to record the satisfaction of tip %d: %w", tipID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("queue: tip %d is not a closed report: %w", tipID, ErrNotFound)
	}
	return nil
}
