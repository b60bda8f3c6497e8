package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Stats is the state of delivery, for the health page and metrics.
type Stats struct {
	Pending       int        `db:"pending"`
	Dead          int        `db:"dead"`
	OldestPending *time.Time `db:"oldest_pending"`
}

// ReadStats counts pending and dead messages.
func ReadStats(ctx context.Context, db sqlx.QueryerContext) (Stats, error) {
	var s Stats
	err := sqlx.GetContext(ctx, db, &s, `
		SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
		       count(*) FILTER (WHERE state = 'dead') AS dead,
		       min(created_at) FILTER (WHERE state = 'pending') AS oldest_pending
		  FROM outbox WHERE state IN ('pending', 'dead')`)
	if err != nil {
		return s, fmt.Errorf("outbox: unable to read stats: %w", err)
	}
	return s, nil
}
