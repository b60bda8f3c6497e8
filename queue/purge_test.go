package queue

import (
	"context"
	"testing"
	"time"
)

// Entities left unnamed by purged tips are deleted, but not while an intake
// in flight is linking entities: the one it links stays, with the new link,
// and the others go at the next run.
func TestPurgeEntitiesSparesOnesBeingLinked(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	old := time.Now().AddDate(-1, 0, 0)
	st := b.store.WithClock(func() time.Time { return old })
	spamNaming := func(text string) {
		x := validSubmission()
		x.Description = text
		id, _, err := st.Submit(ctx, b.db, x)
		must(t, err)
		_, err = st.Claim(ctx, b.officer, id, 0)
		must(t, err)
		_, err = st.Close(ctx, b.officer, id, Spam, 0, 0)
		must(t, err)
	}
	spamNaming("卖货的电话13812345678,天天在桥头")
	spamNaming("另一个卖货的电话13987654321,在网吧")
	entity := func(v string) int {
		var n int
		must(t, b.db.Get(&n, `SELECT count(*) FROM entities WHERE kind = 'phone' AND value = $1`, v))
		return n
	}

	// A new tip naming the second phone, its transaction not yet committed.
	tx, err := b.db.BeginTxx(ctx, nil)
	must(t, err)
	defer tx.Rollback()
	x := validSubmission()
	x.Description = "还是那个电话13987654321,今晚又来了"
	fresh, _, err := b.store.Submit(ctx, tx, x)
	must(t, err)

	res, err := b.store.Purge(ctx, time.Now(), 10)
	must(t, err)
	if res.Tips != 2 {
		t.Fatalf("purged %d tips, want 2", res.Tips)
	}
	if entity("13987654321") != 1 {
		t.Fatal("the entity a tip is being linked to was purged")
	}
	must(t, tx.Commit())
	if _, err := b.store.Purge(ctx, time.Now(), 10); err != nil {
		t.Fatal(err)
	}
	if entity("13812345678") != 0 {
		t.Error("an entity no tip names outlived the next purge")
	}
	if entity("13987654321") != 1 {
		t.Fatal("the entity a tip was being linked to was purged")
	}
	var links int
	must(t, b.db.Get(&links, `SELECT count(*) FROM tip_entities WHERE tip_id = $1`, fresh))
	if links != 1 {
		t.Errorf("new tip has %d entity links, want 1", links)
	}
}
