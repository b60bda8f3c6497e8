package queue

import (
	"context"
	"slices"
	"testing"
	"time"
)

// RewardDeadlines lists approved-not-notified rewards by their notify
// deadline and notified-not-paid ones by their claim deadline, once within
// the window, soonest first; paid, declined and far-off ones are left out.
func TestRewardDeadlines(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, b.cfg.Location)
	at := func(ts time.Time) *Store { return b.store.WithClock(func() time.Time { return ts }) }
	reward := func(ts time.Time, steps ...RewardStep) int64 {
		id, _, err := at(ts).Submit(ctx, b.db, validSubmission())
		must(t, err)
		b.rewardTo(t, at(ts), id, steps...)
		return id
	}
	notifyDue := b.store.notifyDue(t0) // 15 working days after Monday 2 November: the end of 23 November
	if want := time.Date(2026, 11, 23, 23, 59, 59, 0, b.cfg.Location); !notifyDue.Equal(want) {
		t.Fatalf("notify due %v, want %v", notifyDue, want)
	}
	approved := reward(t0, RewardEligible, RewardApproved)
	notified := reward(notifyDue.Add(time.Hour).AddDate(0, -2, 0), RewardEligible, RewardApproved, RewardNotified) // claim due an hour after
	reward(t0, RewardEligible, RewardApproved, RewardNotified, RewardPaid)
	reward(t0, RewardEligible, RewardDeclined)
	reward(t0.AddDate(0, 0, 5), RewardEligible, RewardApproved) // notify due 27 November: outside
	reward(t0, RewardEligible)                                  // nothing due yet

	now := notifyDue.Add(-3 * 24 * time.Hour) // three days before the first deadline
	ts, err := b.store.RewardDeadlines(ctx, now, 3*24*time.Hour+2*time.Hour)
	must(t, err)
	var ids []int64
	for _, x := range ts {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, []int64{approved, notified}) {
		t.Fatalf("deadlines %v, want %v", ids, []int64{approved, notified})
	}
	if ts[0].RewardNotifyDue == nil || !ts[0].RewardNotifyDue.Equal(notifyDue) {
		t.Errorf("notify due %v, want %v", ts[0].RewardNotifyDue, notifyDue)
	}
	if ts[1].RewardClaimDue == nil || !ts[1].RewardClaimDue.Equal(notifyDue.Add(time.Hour)) {
		t.Errorf("claim due %v, want %v", ts[1].RewardClaimDue, notifyDue.Add(time.Hour))
	}
	// A window that ends before both deadlines finds neither.
	if ts, err := b.store.RewardDeadlines(ctx, now, time.Hour); err != nil || len(ts) != 0 {
		t.Errorf("short window: %d tips, %v", len(ts), err)
	}
}

func TestExistingTips(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	a := b.submit(t, nil)
	c := b.submit(t, nil)
	got, err := b.store.ExistingTips(ctx, []int64{c, a + c + 1000, a})
	must(t, err)
	slices.Sort(got)
	if !slices.Equal(got, []int64{a, c}) {
		t.Errorf("existing %v, want %v", got, []int64{a, c})
	}
	if got, err := b.store.ExistingTips(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
}
