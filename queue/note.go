package queue

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// AddNote writes an officer's internal note. Notes do not change the tip, so
// they neither bump its version nor make others' pages stale; any state,
// closed included, takes notes.
func (s *Store) AddNote(ctx context.Context, by Actor, id int64, body string) (Note, error) {
	if err := checkOfficerText("body", body); err != nil {
		return Note{}, err
	}
	var n Note
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := lockTip(ctx, tx, &by, id, 0, actInfo); err != nil {
			return err
		}
		err := tx.QueryRowxContext(ctx, `
			WITH n AS (
			    INSERT INTO notes (tip_id, officer_id, body, created_at) VALUES ($1, $2, $3, $4)
			 RETURNING id, tip_id, officer_id, body, created_at)
			SELECT n.id, n.tip_id, n.officer_id, coalesce(nullif(o.display_name, ''), o.username), n.body, n.created_at
			  FROM n JOIN officers o ON o.id = n.officer_id`, id, by.ID, body, s.now()).
			Scan(&n.ID, &n.TipID, &n.OfficerID, &n.OfficerName, &n.Body, &n.CreatedAt)
		if err != nil {
			return fmt.Errorf("queue: unable to add note to tip %d: %w", id, err)
		}
		return nil
	})
	return n, err
}
