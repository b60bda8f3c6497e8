package queue

import (
	"context"
	"testing"
)

// A reporter's answer marks the tip until its holder looks; another
// officer's look leaves the mark, and the replied filter lists exactly the
// marked tips.
func TestRepliedUntilTheHolderLooks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	quiet := b.tipIn(t, StateInReview)
	asked := b.tipIn(t, StateNeedsInfo)
	if asked.RepliedAt != nil {
		t.Fatal("a tip is marked replied before the reporter wrote")
	}
	var question int64
	must(t, b.db.Get(&question, `SELECT id FROM dialogue WHERE tip_id = $1 AND direction = 'to_reporter'`, asked.ID))
	_, err := b.store.AnswerQuestion(ctx, b.db, asked.ID, question, "是东风路的那家网吧", nil)
	must(t, err)
	_, err = b.store.AddInformation(ctx, b.db, quiet.ID, "他今晚还会来", nil)
	must(t, err)

	replied := func() []int64 {
		t.Helper()
		p, err := b.store.List(ctx, Filter{Replied: true, AssigneeID: b.officer.ID})
		must(t, err)
		var ids []int64
		for _, tip := range p.Tips {
			if tip.RepliedAt == nil {
				t.Errorf("tip %d listed as replied without a mark", tip.ID)
			}
			ids = append(ids, tip.ID)
		}
		return ids
	}
	if got := replied(); len(got) != 2 {
		t.Fatalf("replied tips %v, want %d and %d", got, quiet.ID, asked.ID)
	}

	must(t, b.store.Seen(ctx, b.other, asked.ID))
	if got := replied(); len(got) != 2 {
		t.Fatalf("another officer's look ended the mark: replied %v", got)
	}
	before, err := b.store.Get(ctx, asked.ID)
	must(t, err)
	must(t, b.store.Seen(ctx, b.officer, asked.ID))
	after, err := b.store.Get(ctx, asked.ID)
	must(t, err)
	if after.RepliedAt != nil {
		t.Fatal("the holder's look left the mark")
	}
	if after.Version != before.Version {
		t.Errorf("a look changed the version %d → %d, which would void the holder's open forms", before.Version, after.Version)
	}
	if got := replied(); len(got) != 1 || got[0] != quiet.ID {
		t.Fatalf("replied %v, want only %d", got, quiet.ID)
	}
}
