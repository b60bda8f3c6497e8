package queue

import (
	"context"
	"errors"
	"testing"
)

// Only a closed report takes an answer; a new answer replaces the old one,
// and recording it changes nothing else of the tip.
func TestRateOnlyClosedReports(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	open := b.tipIn(t, StateInReview)
	closed := b.tipIn(t, StateClosed)
	if err := b.store.Rate(ctx, b.db, open.ID, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("an open tip took an answer: %v", err)
	}
	var inv *InvalidError
	if err := b.store.Rate(ctx, b.db, closed.ID, 5); !errors.As(err, &inv) {
		t.Errorf("answer 5: %v", err)
	}
	var before int
	must(t, b.db.Get(&before, `SELECT count(*) FROM tip_events WHERE tip_id = $1`, closed.ID))
	must(t, b.store.Rate(ctx, b.db, closed.ID, 4))
	must(t, b.store.Rate(ctx, b.db, closed.ID, 2))
	after, err := b.store.Get(ctx, closed.ID)
	must(t, err)
	var v Satisfaction
	must(t, b.db.Get(&v, `SELECT satisfaction FROM tips WHERE id = $1`, closed.ID))
	if v != 2 || after.Version != closed.Version || !after.UpdatedAt.Equal(closed.UpdatedAt) {
		t.Errorf("satisfaction %d, version %d → %d: want 2 and the tip otherwise untouched", v, closed.Version, after.Version)
	}
	var events int
	must(t, b.db.Get(&events, `SELECT count(*) FROM tip_events WHERE tip_id = $1`, closed.ID))
	if events != before {
		t.Errorf("%d events recorded an answer that must not be dated", events-before)
	}
}
