package queue

import (
	"context"
	"errors"
	"testing"
)

// A help question closes in its own words, a report in the enforcement ones,
// and the database refuses a mix whoever writes it.
func TestHelpResolutions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	help := b.submit(t, func(s *Submission) { s.Kind, s.Category, s.AreaCode = KindHelp, SelfHelpCategory, "" })
	report := b.submit(t, nil)
	_, err := b.store.Claim(ctx, b.counsellor, help, 0)
	must(t, err)
	_, err = b.store.Claim(ctx, b.officer, report, 0)
	must(t, err)

	for _, res := range []Resolution{Actioned, Unfounded, OutOfScope} {
		if _, err := b.store.Close(ctx, b.counsellor, help, res, 0, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("a help question closed as %s: %v", res, err)
		}
	}
	for _, res := range []Resolution{InfoGiven, ReferredRehab, NoReply} {
		if _, err := b.store.Close(ctx, b.officer, report, res, 0, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("a report closed as %s: %v", res, err)
		}
	}
	tip, err := b.store.Close(ctx, b.counsellor, help, ReferredRehab, 0, 0)
	must(t, err)
	if tip.Resolution == nil || *tip.Resolution != ReferredRehab {
		t.Fatalf("help question closed as %v", tip.Resolution)
	}
	if _, err := b.db.Exec(`UPDATE tips SET resolution = 'actioned' WHERE id = $1`, help); err == nil {
		t.Error("the database takes a help question closed as actioned")
	}
	if _, err := b.db.Exec(`UPDATE tips SET state = 'closed', resolution = 'info_given', closed_at = now() WHERE id = $1`, report); err == nil {
		t.Error("the database takes a report closed as information given")
	}
}

// Counsellors learn what waits for them; an enforcement role asking learns
// nothing, not even that the count is zero for a reason.
func TestWaitingHelp(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	helpOf := func(s *Submission) { s.Kind, s.Category, s.AreaCode = KindHelp, SelfHelpCategory, "" }
	b.submit(t, helpOf)
	replied := b.submit(t, helpOf)
	b.submit(t, nil)
	_, err := b.db.Exec(`UPDATE tips SET state = 'in_review', assignee_id = $2, reporter_replied_at = now() WHERE id = $1`,
		replied, b.counsellor.ID)
	must(t, err)

	w, err := b.store.WaitingHelp(ctx, b.counsellor)
	must(t, err)
	if w.New != 1 || w.Replied != 1 {
		t.Errorf("a counsellor is told %+v, want 1 new and 1 replied", w)
	}
	for _, by := range []Actor{b.officer, b.super, b.admin} {
		w, err := b.store.WaitingHelp(ctx, by)
		must(t, err)
		if w.Total() != 0 {
			t.Errorf("%s learns of %+v help questions", by.Role, w)
		}
	}
}
