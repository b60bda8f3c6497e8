package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Closed says whether tip id is closed, for the intake core, which refuses
// what a reporter adds to a closed tip in every channel. A missing tip is
// ErrNotFound.
func (s *Store) Closed(ctx context.Context, tx sqlx.QueryerContext, id int64) (bool, error) {
	var closed bool
	err := tx.QueryRowxContext(ctx, `SELECT state = 'closed' FROM tips WHERE id = $1`, id).Scan(&closed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("queue: tip %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("queue: unable to read the state of tip %d: %w", id, err)
	}
	return closed, nil
}
