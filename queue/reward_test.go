package queue

import (
	"errors"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
)

// rewardTo takes a tip's reward through steps with the right people: the
// supervisor proposes 3,000 yuan (within the suggestion for selling), a
// leader approves, the supervisor notifies, pays or declines.
func (b *bundle) rewardTo(t testing.TB, s *Store, id int64, steps ...RewardStep) Tip {
	t.Helper()
	var tip Tip
	for _, st := range steps {
		by, c := b.super, RewardChange{Step: st}
		switch st {
		case RewardEligible:
			c.AmountCents = 300000
		case RewardApproved:
			by = b.leader
		}
		var err error
		if tip, err = s.ChangeReward(t.Context(), by, id, c, 0); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
	return tip
}

// Every boundary of the national seizure tiers, and the category ranges
// added to them.
func TestRewardTiers(t *testing.T) {
	t.Parallel()
	rules := config.Default().Rewards
	seized := func(g float64, detained int) *Outcome {
		return &Outcome{CaseKind: CaseCriminal, Detained: detained, Seizures: []Seizure{{"heroin", g}}}
	}
	const y = 100 // cents in a yuan
	for _, c := range []struct {
		name     string
		category string
		o        *Outcome
		want     Suggestion
		ok       bool
	}{
		{"no seizure, no rule", "other", nil, Suggestion{}, false},
		{"a trace", "other", seized(0.1, 0), Suggestion{300 * y, 300 * y, false}, true},
		{"just under 10 g", "other", seized(9.999, 0), Suggestion{300 * y, 300 * y, false}, true},
		{"10 g", "other", seized(10, 0), Suggestion{500 * y, 500 * y, false}, true},
		{"just under 50 g", "other", seized(49.999, 0), Suggestion{500 * y, 500 * y, false}, true},
		{"50 g", "other", seized(50, 0), Suggestion{1000 * y, 1000 * y, false}, true},
		{"just under 500 g", "other", seized(499.999, 0), Suggestion{1000 * y, 1000 * y, false}, true},
		{"500 g", "other", seized(500, 0), Suggestion{2000 * y, 2000 * y, false}, true},
		{"just under 1 kg", "other", seized(999.999, 0), Suggestion{2000 * y, 2000 * y, false}, true},
		{"1 kg", "other", seized(1000, 0), Suggestion{20000 * y, 20000 * y, false}, true},
		{"just under 10 kg", "other", seized(9999.999, 0), Suggestion{20000 * y, 20000 * y, false}, true},
		{"10 kg", "other", seized(10000, 0), Suggestion{50000 * y, 50000 * y, false}, true},
		{"20 kg", "other", seized(20000, 0), Suggestion{100000 * y, 100000 * y, false}, true},
		{"just under 50 kg", "other", seized(49999.999, 0), Suggestion{100000 * y, 100000 * y, false}, true},
		{"50 kg", "other", seized(50000, 0), Suggestion{200000 * y, 200000 * y, false}, true},
		{"just under 100 kg", "other", seized(99999.999, 0), Suggestion{200000 * y, 200000 * y, false}, true},
		{"100 kg: at least", "other", seized(100000, 0), Suggestion{200000 * y, 200000 * y, true}, true},
		{"drug crime without seizure", "selling", nil, Suggestion{2000 * y, 80000 * y, false}, true},
		{"drug crime with 60 g", "selling", seized(60, 1), Suggestion{3000 * y, 81000 * y, false}, true},
		{"drug users", "use", &Outcome{CaseKind: CaseAdministrative, UsersFound: 3}, Suggestion{300 * y, 5000 * y, false}, true},
		{"precursors", "precursors", nil, Suggestion{300 * y, 60000 * y, false}, true},
		{"cultivation", "cultivation", nil, Suggestion{1000 * y, 3000 * y, false}, true},
		{"a den combines", "manufacturing", nil, Suggestion{52000 * y, 130000 * y, false}, true},
		{"drug driving, two caught", "drug_driving", &Outcome{CaseKind: CaseAdministrative, Detained: 2}, Suggestion{1000 * y, 1000 * y, false}, true},
		{"drug driving, none caught", "drug_driving", &Outcome{CaseKind: CaseNone}, Suggestion{}, false},
	} {
		got, ok := suggest(rules, c.category, c.o)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if g := (Suggestion{MinCents: 100, MaxCents: 200}); !g.Fits(100) || !g.Fits(200) || g.Fits(99) || g.Fits(201) {
		t.Error("Fits is not inclusive of both ends")
	}
	if g := (Suggestion{MinCents: 100, MaxCents: 100, Open: true}); !g.Fits(1e9) || g.Fits(99) {
		t.Error("an open suggestion has a ceiling")
	}
}

// Working days across 国庆 and 春节 and their make-up working days (调休),
// from the official calendar, and with the office's corrections.
func TestWorkingDays(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { return *day(s) }
	official := newWorkCalendar(config.Calendar{})
	for _, c := range []struct {
		day     string
		working bool
	}{
		{"2025-09-26", true},  // Friday
		{"2025-09-27", false}, // Saturday
		{"2025-09-28", true},  // Sunday, worked for 国庆
		{"2025-10-01", false}, // 国庆
		{"2025-10-08", false}, // 国庆中秋, a Wednesday
		{"2025-10-09", true},  // Thursday after
		{"2025-10-11", true},  // Saturday, worked for 国庆
		{"2026-02-14", true},  // Saturday, worked for 春节
		{"2026-02-16", false}, // 除夕, a Monday
		{"2026-02-23", false}, // last day of 春节, a Monday
		{"2026-02-24", true},
		{"2026-02-28", true}, // Saturday, worked for 春节
		{"2026-03-01", false},
	} {
		if got := official.working(d(c.day)); got != c.working {
			t.Errorf("%s working %v, want %v", c.day, got, c.working)
		}
	}
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		// Solved the day before 国庆 2025: 28 September counts not (before),
		// 1–8 October are off, 11 October (Saturday) is worked.
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-09-30", 3, "2025-10-11"},
		{"2025-09-30", 15, "2025-10-28"},
		// Solved on the make-up Sunday: the count starts the day after.
		{"2025-09-28", 2, "2025-09-30"},
		// 春节 2026: 14 February (Saturday) worked, 15–23 off, 28 (Saturday) worked.
		{"2026-02-12", 2, "2026-02-14"},
		{"2026-02-13", 15, "2026-03-12"},
		// 国庆 2026: 20 September (Sunday) worked, 1–7 October off, 10 (Saturday) worked.
		{"2026-09-18", 1, "2026-09-20"},
		{"2026-09-30", 15, "2026-10-27"},
		// An ordinary fortnight: three weeks.
		{"2026-11-02", 15, "2026-11-23"},
	} {
		if got := official.addWorkingDays(d(c.from), c.n).Format(time.DateOnly); got != c.want {
			t.Errorf("%d working days after %s: %s, want %s", c.n, c.from, got, c.want)
		}
	}
	// The office corrects the calendar: a closure and a worked Saturday.
	corrected := newWorkCalendar(config.Calendar{Holidays: []string{"2026-11-03"}, Workdays: []string{"2026-11-07"}})
	if corrected.working(d("2026-11-03")) || !corrected.working(d("2026-11-07")) || corrected.working(d("2026-11-08")) {
		t.Error("the office's corrections are not applied")
	}
	if got := corrected.addWorkingDays(d("2026-11-02"), 15).Format(time.DateOnly); got != "2026-11-23" {
		t.Errorf("corrected: %s", got)
	}
}

// Two people: an officer neither proposes nor approves, a supervisor
// proposes but does not approve, a leader approves only what someone else
// proposed; an amount outside the suggestion needs a reason, and the
// proposal keeps its basis.
func TestRewardTwoPeople(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	tip := b.tipIn(t, StateInReview)
	_, err := b.store.CloseActioned(ctx, b.officer, tip.ID, Outcome{CaseKind: CaseCriminal, SolvedOn: day("2026-09-30"),
		Detained: 1, Seizures: []Seizure{{"methamphetamine", 60}}}, 0)
	must(t, err)
	id := tip.ID
	propose := func(by Actor, cents int64, reason string) error {
		_, err := b.store.ChangeReward(ctx, by, id, RewardChange{Step: RewardEligible, AmountCents: cents, Reason: reason}, 0)
		return err
	}
	approve := func(by Actor) error {
		_, err := b.store.ChangeReward(ctx, by, id, RewardChange{Step: RewardApproved}, 0)
		return err
	}
	if err := propose(b.officer, 300000, ""); !errors.Is(err, ErrForbidden) {
		t.Fatalf("officer proposes: %v", err)
	}
	// Selling with 60 g: 2,000–80,000 plus the 50–500 g tier's 1,000.
	if err := propose(b.super, 200000, ""); !errors.Is(err, ErrInvalid) {
		t.Fatalf("2,000 yuan below the suggested 3,000 without a reason: %v", err)
	}
	must(t, propose(b.super, 200000, "举报人仅提供部分线索"))
	var basisGrams float64
	var lo, hi int64
	var reason string
	must(t, b.db.QueryRow(`SELECT (reward_basis->>'grams')::float8, reward_suggested_min_cents, reward_suggested_max_cents, reward_reason
		FROM tips WHERE id = $1`, id).Scan(&basisGrams, &lo, &hi, &reason))
	if basisGrams != 60 || lo != 300000 || hi != 8100000 || reason != "举报人仅提供部分线索" {
		t.Fatalf("basis %v grams, suggested %d–%d, reason %q", basisGrams, lo, hi, reason)
	}
	for _, by := range []Actor{b.officer, b.super, b.admin} {
		if err := approve(by); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s approves: %v", by.Role, err)
		}
	}
	// A leader's own proposal needs another leader.
	must(t, propose(b.leader, 500000, ""))
	if err := approve(b.leader); !errors.Is(err, ErrOwnReward) {
		t.Fatalf("the proposer approves: %v", err)
	}
	must(t, propose(b.super, 500000, ""))
	must(t, approve(b.leader))
	got, err := b.store.Get(ctx, id)
	must(t, err)
	// Fifteen working days after 30 September 2026, across 国庆.
	want := time.Date(2026, 10, 27, 23, 59, 59, 0, b.cfg.Location)
	if got.RewardState != "approved" || *got.RewardAmountCents != 500000 || got.RewardNotifyDue == nil || !got.RewardNotifyDue.Equal(want) {
		t.Fatalf("approved reward %s %v due %v, want due %v", got.RewardState, got.RewardAmountCents, got.RewardNotifyDue, want)
	}
	noticeDay := time.Date(2026, 10, 12, 9, 30, 0, 0, b.cfg.Location)
	notified, err := b.store.WithClock(func() time.Time { return noticeDay }).ChangeReward(ctx, b.super, id, RewardChange{Step: RewardNotified}, 0)
	must(t, err)
	if wantClaim := time.Date(2026, 12, 12, 9, 30, 0, 0, b.cfg.Location); !notified.RewardClaimDue.Equal(wantClaim) {
		t.Errorf("claim due %v, want two calendar months later %v", notified.RewardClaimDue, wantClaim)
	}
}

// A paid tip blocks payment in its duplicate chain, either way along it,
// unless a leader overrides with a reason.
func TestRewardDuplicateChain(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	first := b.tipIn(t, StateInReview)
	must(t, err0(b.store.CloseActioned(ctx, b.officer, first.ID, Outcome{CaseKind: CaseNone}, 0)))
	second := b.tipIn(t, StateInReview)
	must(t, err0(b.store.Close(ctx, b.officer, second.ID, Duplicate, first.ID, 0)))
	third := b.tipIn(t, StateInReview)
	must(t, err0(b.store.Close(ctx, b.officer, third.ID, Duplicate, second.ID, 0)))
	b.rewardTo(t, b.store, first.ID, RewardEligible, RewardApproved, RewardNotified, RewardPaid)

	for _, id := range []int64{second.ID, third.ID} {
		b.rewardTo(t, b.store, id, RewardEligible)
		if _, err := b.store.ChangeReward(ctx, b.leader, id, RewardChange{Step: RewardApproved}, 0); !errors.Is(err, ErrRewardedChain) {
			t.Fatalf("tip %d approved beside a paid duplicate: %v", id, err)
		}
	}
	if _, err := b.store.ChangeReward(ctx, b.super, third.ID, RewardChange{Step: RewardApproved, Override: "另一举报人"}, 0); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a supervisor overrides: %v", err)
	}
	tip, err := b.store.ChangeReward(ctx, b.leader, third.ID, RewardChange{Step: RewardApproved, Override: "两名举报人分别提供了关键线索"}, 0)
	must(t, err)
	if tip.RewardState != "approved" {
		t.Fatalf("overridden reward %s", tip.RewardState)
	}
	// The override stands for the payment too.
	b.rewardTo(t, b.store, third.ID, RewardNotified, RewardPaid)
	var override string
	must(t, b.db.QueryRow(`SELECT detail->>'override' FROM tip_events WHERE tip_id = $1 AND action = 'reward_approved'`, third.ID).Scan(&override))
	if override != "两名举报人分别提供了关键线索" {
		t.Errorf("override on the timeline: %q", override)
	}
	// A tip outside the chain is not held back.
	b.rewardTo(t, b.store, b.tipIn(t, StateInReview).ID, RewardEligible, RewardApproved)
}

func err0[T any](_ T, err error) error { return err }

// Tips sharing a phone number, often from different people, are only a
// warning: the approver sees the rewarded one, and approval goes through.
func TestRewardCorroborationWarns(t *testing.T) {
	t.Parallel()
	b := setup(t)
	withPhone := func(s *Submission) {
		s.Description = "有人在东山街道卖冰毒，联系电话13912345678，晚上出现。"
	}
	paid := b.submit(t, withPhone)
	other := b.submit(t, withPhone)
	b.rewardTo(t, b.store, paid, RewardEligible, RewardApproved)
	b.rewardTo(t, b.store, other, RewardEligible)
	info, err := b.store.RewardInfo(t.Context(), other)
	must(t, err)
	if len(info.RewardedCorroborating) != 1 || info.RewardedCorroborating[0] != paid || len(info.RewardedChain) != 0 {
		t.Fatalf("warnings %+v", info)
	}
	if !info.Known || info.Suggested.MinCents != 200000 || info.ProposedBy != "zhao.lei" {
		t.Fatalf("info %+v", info)
	}
	b.rewardTo(t, b.store, other, RewardApproved)
}
