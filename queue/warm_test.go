package queue

import (
	"context"
	"testing"
)

// Warm leaves as many distinct connections in the pool as asked, each having
// planned the list's queries, and changes nothing.
func TestWarm(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.submit(t, nil)
	b.db.SetMaxIdleConns(10)
	var before int
	must(t, b.db.GetContext(ctx, &before, `SELECT count(*) FROM tips`))
	must(t, b.store.Warm(ctx, 4))
	if st := b.db.Stats(); st.Idle < 4 {
		t.Errorf("%d idle connections after warming 4: %+v", st.Idle, st)
	}
	var after int
	must(t, b.db.GetContext(ctx, &after, `SELECT count(*) FROM tips`))
	if after != before {
		t.Errorf("warming changed the tips: %d, then %d", before, after)
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.store.Warm(ctx, 2); err == nil {
		t.Error("warming with a cancelled context reported no error")
	}
}
