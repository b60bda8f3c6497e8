package queue

import (
	"context"
	"testing"
	"time"
)

// Purge removes exactly the closed tips past retention, with their children.
func TestPurge(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	old := time.Now().Add(-400 * 24 * time.Hour)
	st := b.store.WithClock(func() time.Time { return old })
	closeAs := func(res Resolution, dup int64) int64 {
		id, _, err := st.Submit(ctx, b.db, validSubmission())
		must(t, err)
		_, err = st.Claim(ctx, b.officer, id, 0)
		must(t, err)
		_, err = st.AddNote(ctx, b.officer, id, "核实中")
		must(t, err)
		_, err = st.Close(ctx, b.officer, id, res, dup, 0)
		must(t, err)
		return id
	}
	spam := closeAs(Spam, 0)                                   // 30 days: gone
	dup := closeAs(Duplicate, spam)                            // 365 days: gone, its original too
	actioned := closeAs(Actioned, 0)                           // 5 years: kept
	openOld, _, err := st.Submit(ctx, b.db, validSubmission()) // open: kept however old
	must(t, err)
	recentSpam := b.tipIn(t, StateInReview)
	_, err = b.store.Close(ctx, b.officer, recentSpam.ID, Spam, 0, 0)
	must(t, err)

	res, err := b.store.Purge(ctx, time.Now(), 1)
	must(t, err)
	if res.Tips != 2 || res.Notes != 2 || res.Events != 6 {
		t.Fatalf("purged %+v", res)
	}
	var left []int64
	must(t, b.db.Select(&left, `SELECT id FROM tips ORDER BY id`))
	want := []int64{actioned, openOld, recentSpam.ID}
	if len(left) != 3 || left[0] != want[0] || left[1] != want[1] || left[2] != want[2] {
		t.Fatalf("left %v, want %v (purged %d %d)", left, want, spam, dup)
	}
	var orphans int
	must(t, b.db.QueryRow(`SELECT count(*) FROM notes WHERE tip_id NOT IN (SELECT id FROM tips)`).Scan(&orphans))
	if orphans != 0 {
		t.Fatal("notes of purged tips left")
	}
}

func TestStats(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, b.cfg.Location)
	at := func(h int) *Store {
		ts := day.Add(time.Duration(h) * time.Hour)
		return b.store.WithClock(func() time.Time { return ts })
	}
	sub := func(s *Store, cat, area string) int64 {
		x := validSubmission()
		x.Category, x.AreaCode = cat, area
		id, _, err := s.Submit(ctx, b.db, x)
		must(t, err)
		return id
	}
	a := sub(at(1), "selling", "meiqiao")
	sub(at(2), "selling", "meiqiao")
	c := sub(at(23), "use", "dongshan")
	sub(at(25), "manufacturing", "") // next day
	sub(at(-2), "use", "dongshan")   // before the window
	_, err := at(3).Claim(ctx, b.officer, a, 0)
	must(t, err)
	_, err = at(5).Close(ctx, b.officer, a, Actioned, 0, 0) // 4h after arrival
	must(t, err)
	_, err = at(23).Claim(ctx, b.officer, c, 0)
	must(t, err)
	_, err = at(24).Forward(ctx, b.officer, c, "禁毒大队", "", 0) // 1h after arrival
	must(t, err)
	_, err = at(24).Reward(ctx, b.super, a, RewardEligible, 300000, 0)
	must(t, err)

	s, err := at(30).Stats(ctx, day, day.Add(48*time.Hour))
	must(t, err)
	if s.New != 4 {
		t.Errorf("new %d", s.New)
	}
	if len(s.ByCategory) != 3 || s.ByCategory[0] != (Count{"selling", 2}) {
		t.Errorf("by category %v", s.ByCategory)
	}
	if len(s.ByArea) != 3 || s.ByArea[0] != (Count{"meiqiao", 2}) {
		t.Errorf("by area %v", s.ByArea)
	}
	if len(s.ByDay) != 2 || s.ByDay[0] != (Count{"2026-11-27", 3}) || s.ByDay[1] != (Count{"2026-11-28", 1}) {
		t.Errorf("by day %v", s.ByDay)
	}
	if s.Backlog[StateNew] != 3 || s.Backlog[StateForwarded] != 1 {
		t.Errorf("backlog %v", s.Backlog)
	}
	// Median of 4h and 1h triage.
	if s.MedianTriage != 150*time.Minute || s.MedianClose != 4*time.Hour {
		t.Errorf("medians %v %v", s.MedianTriage, s.MedianClose)
	}
	if s.RewardsWaiting != 1 {
		t.Errorf("rewards waiting %d", s.RewardsWaiting)
	}
	// At +30h the high tip of 2h (due 14h) and the urgent one of 25h (due 27h)
	// are late; the normal one of -2h (due in 3 days) is not.
	if s.Overdue != 2 {
		t.Errorf("overdue %d", s.Overdue)
	}
	late, err := at(24*10).OverdueTips(ctx, day.Add(240*time.Hour), 10)
	must(t, err)
	if len(late) != 3 || !late[0].Overdue {
		t.Errorf("overdue tips %d", len(late))
	}
	urgent, err := b.store.UrgentTips(ctx, day, day.Add(48*time.Hour), 10)
	must(t, err)
	if len(urgent) != 3 || urgent[0].Priority != PriorityUrgent {
		t.Errorf("urgent tips %d", len(urgent))
	}
}
