package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/officer"
)

// claimNextSQL takes the most urgent waiting tip in one statement, River
// style: rows another officer is claiming right now are skipped, not waited
// for, so two officers pressing "next" at once get two different tips. A
// waiting tip is a new one, or one in review that its officer released.
const claimNextSQL = `
WITH locked AS (
    SELECT id, state, version
      FROM tips
     WHERE kind = $1 AND assignee_id IS NULL AND state IN ('new', 'in_review')
     ORDER BY priority, created_at, id
     LIMIT 1
       FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE tips t
       SET state = 'in_review', assignee_id = $2, claimed_at = $3, version = t.version + 1, updated_at = $3
      FROM locked
     WHERE t.id = locked.id
 RETURNING t.id, locked.state AS from_state
), ev AS (
    INSERT INTO tip_events (tip_id, officer_id, action, from_state, to_state, detail, created_at)
    SELECT id, $2, 'claimed', from_state, 'in_review', '{"next": true}', $3 FROM claimed
)
SELECT id FROM claimed`

// ClaimNext gives by the most urgent unclaimed tip of kind, moving it from
// new to in_review; ErrNothingToClaim when none waits.
func (s *Store) ClaimNext(ctx context.Context, by Actor, kind Kind) (Tip, error) {
	if !by.maysee(kind) {
		return Tip{}, fmt.Errorf("queue: %s may not claim %s tips: %w", by.Role, kind, ErrForbidden)
	}
	var id int64
	err := s.db.QueryRowxContext(ctx, claimNextSQL, string(kind), by.ID, s.now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Tip{}, ErrNothingToClaim
	}
	if err != nil {
		return Tip{}, fmt.Errorf("queue: unable to claim a tip: %w", err)
	}
	return s.Get(ctx, id)
}

// Claim gives tip id to by. A new tip moves to in_review; a released tip
// keeps its state. Claiming one's own tip again changes nothing; a tip held by
// another officer gives ErrClaimed (a supervisor uses Assign to move it).
func (s *Store) Claim(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	var t Tip
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, id, version, actClaim)
		if err != nil {
			return err
		}
		if l.assignee.Valid {
			if l.assignee.Int64 != by.ID {
				return fmt.Errorf("queue: unable to claim tip %d: %w", id, ErrClaimed)
			}
			t, err = s.getTip(ctx, tx, id)
			return err
		}
		a := actClaim
		if l.state == StateNew {
			a.to = StateInReview
		}
		if err := s.change(ctx, tx, &by, id, l, a, `, assignee_id = $4, claimed_at = $3`, []any{by.ID}, nil); err != nil {
			return err
		}
		t, err = s.getTip(ctx, tx, id)
		return err
	})
	return t, err
}

// Release gives a held tip back to the queue (ClaimNext offers it again when in review).
func (s *Store) Release(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return s.act(ctx, by, id, version, actRelease, func(l tipLock) (string, []any, map[string]any, error) {
		if !l.assignee.Valid {
			return "", nil, nil, fmt.Errorf("queue: tip %d is not held: %w", id, ErrIllegalTransition)
		}
		return `, assignee_id = NULL, claimed_at = NULL`, nil, map[string]any{"officer_id": l.assignee.Int64}, nil
	}, nil, nil)
}

// Assign gives a tip to officerID (supervisor). A new tip moves to in_review.
func (s *Store) Assign(ctx context.Context, by Actor, id, officerID int64, version int) (Tip, error) {
	var t Tip
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, id, version, actAssign)
		if err != nil {
			return err
		}
		var role officer.Role
		var disabled bool
		err = tx.QueryRowxContext(ctx, `SELECT role, disabled_at IS NOT NULL FROM officers WHERE id = $1`, officerID).Scan(&role, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return invalid("officer", "no officer %d", officerID)
		}
		if err != nil {
			return fmt.Errorf("queue: unable to assign tip %d: %w", id, err)
		}
		if disabled || !(Actor{Role: role}).maysee(l.kind) {
			return invalid("officer", "officer %d may not work %s tips", officerID, l.kind)
		}
		a := actAssign
		if l.state == StateNew {
			a.to = StateInReview
		}
		detail := map[string]any{"officer_id": officerID}
		if l.assignee.Valid {
			detail["previous_id"] = l.assignee.Int64
		}
		if err := s.change(ctx, tx, &by, id, l, a, `, assignee_id = $4, claimed_at = $3`, []any{officerID}, detail); err != nil {
			return err
		}
		t, err = s.getTip(ctx, tx, id)
		return err
	})
	return t, err
}
