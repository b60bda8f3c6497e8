package queue

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// Every action tried from every state: the resulting state or the error.
func TestTransitions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	type op func(b *bundle, tip Tip) error
	ops := map[string]op{
		"claim by another": func(b *bundle, tip Tip) error { _, err := b.store.Claim(ctx, b.other, tip.ID, tip.Version); return err },
		"release": func(b *bundle, tip Tip) error {
			_, err := b.store.Release(ctx, b.officer, tip.ID, tip.Version)
			return err
		},
		"ask": func(b *bundle, tip Tip) error {
			_, err := b.store.AskReporter(ctx, b.officer, tip.ID, "几点?", tip.Version)
			return err
		},
		"resume": func(b *bundle, tip Tip) error {
			_, err := b.store.ResumeReview(ctx, b.officer, tip.ID, tip.Version)
			return err
		},
		"forward": func(b *bundle, tip Tip) error {
			_, err := b.store.Forward(ctx, b.officer, tip.ID, "禁毒大队", "", tip.Version)
			return err
		},
		"close": func(b *bundle, tip Tip) error {
			_, err := b.store.Close(ctx, b.officer, tip.ID, Actioned, 0, tip.Version)
			return err
		},
		"reopen": func(b *bundle, tip Tip) error {
			_, err := b.store.Reopen(ctx, b.super, tip.ID, tip.Version)
			return err
		},
		"reopen by officer": func(b *bundle, tip Tip) error {
			_, err := b.store.Reopen(ctx, b.officer, tip.ID, tip.Version)
			return err
		},
		"priority": func(b *bundle, tip Tip) error {
			_, err := b.store.SetPriority(ctx, b.officer, tip.ID, PriorityUrgent, tip.Version)
			return err
		},
		"assign": func(b *bundle, tip Tip) error {
			_, err := b.store.Assign(ctx, b.super, tip.ID, b.other.ID, tip.Version)
			return err
		},
	}
	illegal := ErrIllegalTransition
	// want: a State is the state after success, an error the refusal.
	table := map[string]map[State]any{
		"claim by another":  {StateNew: StateInReview, StateInReview: ErrClaimed, StateNeedsInfo: ErrClaimed, StateForwarded: ErrClaimed, StateClosed: illegal},
		"release":           {StateNew: illegal, StateInReview: StateInReview, StateNeedsInfo: StateNeedsInfo, StateForwarded: StateForwarded, StateClosed: illegal},
		"ask":               {StateNew: illegal, StateInReview: StateNeedsInfo, StateNeedsInfo: illegal, StateForwarded: illegal, StateClosed: illegal},
		"resume":            {StateNew: illegal, StateInReview: illegal, StateNeedsInfo: StateInReview, StateForwarded: illegal, StateClosed: illegal},
		"forward":           {StateNew: illegal, StateInReview: StateForwarded, StateNeedsInfo: illegal, StateForwarded: illegal, StateClosed: illegal},
		"close":             {StateNew: illegal, StateInReview: StateClosed, StateNeedsInfo: illegal, StateForwarded: StateClosed, StateClosed: illegal},
		"reopen":            {StateNew: illegal, StateInReview: illegal, StateNeedsInfo: illegal, StateForwarded: illegal, StateClosed: StateInReview},
		"reopen by officer": {StateNew: ErrForbidden, StateInReview: ErrForbidden, StateNeedsInfo: ErrForbidden, StateForwarded: ErrForbidden, StateClosed: ErrForbidden},
		"priority":          {StateNew: StateNew, StateInReview: StateInReview, StateNeedsInfo: StateNeedsInfo, StateForwarded: StateForwarded, StateClosed: illegal},
		"assign":            {StateNew: StateInReview, StateInReview: StateInReview, StateNeedsInfo: StateNeedsInfo, StateForwarded: StateForwarded, StateClosed: illegal},
	}
	for name, row := range table {
		for _, from := range States {
			want := row[from]
			t.Run(fmt.Sprintf("%s from %s", name, from), func(t *testing.T) {
				tip := b.tipIn(t, from)
				err := ops[name](b, tip)
				after, gerr := b.store.Get(ctx, tip.ID)
				must(t, gerr)
				switch w := want.(type) {
				case State:
					if err != nil {
						t.Fatalf("got %v, want state %s", err, w)
					}
					if after.State != w {
						t.Fatalf("state %s, want %s", after.State, w)
					}
					if after.Version != tip.Version+1 {
						t.Fatalf("version %d, want %d", after.Version, tip.Version+1)
					}
					if w != from && !Legal(from, w) {
						t.Fatalf("%s → %s happened but is not in the state machine", from, w)
					}
					events, _, _, err := b.store.Timeline(ctx, tip.ID)
					must(t, err)
					last := events[len(events)-1]
					if last.FromState != string(from) || last.ToState != string(w) {
						t.Fatalf("last event %s %s→%s", last.Action, last.FromState, last.ToState)
					}
				case error:
					if !errors.Is(err, w) {
						t.Fatalf("got %v, want %v", err, w)
					}
					if after.State != from || after.Version != tip.Version {
						t.Fatalf("refused action changed the tip: %s v%d", after.State, after.Version)
					}
				}
			})
		}
	}
}

func TestStaleVersionConflicts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	tip := b.tipIn(t, StateInReview)
	if _, err := b.store.SetPriority(ctx, b.officer, tip.ID, PriorityLow, tip.Version); err != nil {
		t.Fatal(err)
	}
	_, err := b.store.Forward(ctx, b.officer, tip.ID, "禁毒大队", "", tip.Version)
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("forward with stale version: %v, want ErrConflict", err)
	}
	got, _ := b.store.Get(ctx, tip.ID)
	if got.State != StateInReview || got.Priority != PriorityLow {
		t.Fatalf("tip %s priority %d", got.State, got.Priority)
	}
	// Version 0 skips the check.
	if _, err := b.store.Forward(ctx, b.officer, tip.ID, "禁毒大队", "", 0); err != nil {
		t.Fatal(err)
	}
}

func TestCloseAsDuplicate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	orig := b.tipIn(t, StateNew)
	tip := b.tipIn(t, StateInReview)
	cases := []struct {
		dup  int64
		res  Resolution
		want error
	}{
		{0, Duplicate, ErrInvalid},
		{tip.ID, Duplicate, ErrInvalid},
		{orig.ID + 1000, Duplicate, ErrInvalid},
		{orig.ID, Spam, ErrInvalid},
		{0, "bogus", ErrInvalid},
	}
	for _, c := range cases {
		if _, err := b.store.Close(ctx, b.officer, tip.ID, c.res, c.dup, 0); !errors.Is(err, c.want) {
			t.Errorf("close %s of %d: %v, want %v", c.res, c.dup, err, c.want)
		}
	}
	got, err := b.store.Close(ctx, b.officer, tip.ID, Duplicate, orig.ID, 0)
	must(t, err)
	if got.State != StateClosed || got.DuplicateOf == nil || *got.DuplicateOf != orig.ID || *got.Resolution != Duplicate {
		t.Fatalf("closed tip %+v", got)
	}
	reopened, err := b.store.Reopen(ctx, b.super, tip.ID, got.Version)
	must(t, err)
	if reopened.Resolution != nil || reopened.DuplicateOf != nil || reopened.ClosedAt != nil {
		t.Fatalf("reopened tip keeps its closing: %+v", reopened)
	}
}

// The state machine the actions use agrees with the table in transition.go.
func TestActionsFollowStateMachine(t *testing.T) {
	t.Parallel()
	for _, a := range []action{actAsk, actResume, actAnswer, actForward, actClose, actReopen} {
		for _, from := range a.from {
			if !Legal(from, a.to) {
				t.Errorf("%s: %s → %s is not a legal transition", a.name, from, a.to)
			}
		}
	}
	if Legal(StateNew, StateClosed) || Legal(StateNeedsInfo, StateClosed) || !Legal(StateClosed, StateInReview) {
		t.Error("state machine table is wrong")
	}
	if !slices.Contains(transitions[StateInReview], StateForwarded) {
		t.Error("in_review → forwarded missing")
	}
}
