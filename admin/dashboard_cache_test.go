package admin

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// fakeStats counts computations per range and answers New = how many times
// that range was computed, so a test sees which computation it was given.
type fakeStats struct {
	mu    sync.Mutex
	calls map[time.Time]int
	fail  bool
}

func (f *fakeStats) compute(_ context.Context, from, _ time.Time) (queue.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return queue.Stats{}, errors.New("database away")
	}
	f.calls[from]++
	return queue.Stats{New: f.calls[from]}, nil
}

func (f *fakeStats) count(from time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[from]
}

func TestStatsCache(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	f := &fakeStats{calls: map[time.Time]int{}}
	c := newPeriodCache(clock, dashboardFresh, f.compute)
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	to, week := day.AddDate(0, 0, 1), day.AddDate(0, 0, -6)
	eventually := func(what string, ok func() bool) {
		t.Helper()
		for range 500 {
			if ok() {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		t.Fatalf("never: %s", what)
	}

	st, at, err := c.get(ctx, day, to, [][2]time.Time{{week, to}})
	if err != nil || st.New != 1 || !at.Equal(clock()) {
		t.Fatalf("first get: %+v at %v, %v; want the first computation now", st.New, at, err)
	}
	eventually("the other range warmed", func() bool { return f.count(week) == 1 })
	advance(30 * time.Second)
	if st, _, _ := c.get(ctx, day, to, nil); st.New != 1 || f.count(day) != 1 {
		t.Fatalf("within a minute: figures of computation %d after %d computations, want the first, once", st.New, f.count(day))
	}
	if st, _, _ := c.get(ctx, week, to, nil); st.New != 1 || f.count(week) != 1 {
		t.Fatalf("warmed range: computation %d of %d, want the warmed one", st.New, f.count(week))
	}
	advance(time.Minute)
	if st, _, _ := c.get(ctx, day, to, nil); st.New != 1 {
		t.Fatalf("stale get: computation %d, want the old figures at once", st.New)
	}
	eventually("a refresh", func() bool { return f.count(day) == 2 })
	eventually("the refreshed figures", func() bool {
		st, at, _ := c.get(ctx, day, to, nil)
		return st.New == 2 && at.Equal(clock())
	})

	// A failed first computation is reported and not kept.
	f.mu.Lock()
	f.fail = true
	f.mu.Unlock()
	month := day.AddDate(0, 0, -29)
	if _, _, err := c.get(ctx, month, to, nil); err == nil {
		t.Fatal("a failed computation gave figures")
	}
	f.mu.Lock()
	f.fail = false
	f.mu.Unlock()
	if st, _, err := c.get(ctx, month, to, nil); err != nil || st.New != 1 {
		t.Fatalf("after a failure: %+v, %v; want a new computation", st.New, err)
	}

	// Warming computes only what is missing, once.
	year := day.AddDate(-1, 0, 0)
	c.warm([][2]time.Time{{day, to}, {year, to}})
	c.warm([][2]time.Time{{year, to}})
	eventually("the missing range warmed", func() bool { return f.count(year) == 1 })
	if st, _, _ := c.get(ctx, year, to, nil); st.New != 1 || f.count(year) != 1 || f.count(day) != 2 {
		t.Fatalf("after warming: computation %d, %d of the warmed range and %d of the one in memory; want 1, 1, 2",
			st.New, f.count(year), f.count(day))
	}

	// Warmed figures do not age until a dashboard opens: the queue page's
	// warming refreshes them, so the first view is served fresh at once.
	advance(2 * time.Minute)
	c.warm([][2]time.Time{{year, to}})
	eventually("the aged range refreshed", func() bool { return f.count(year) == 2 })
	if st, at, _ := c.get(ctx, year, to, nil); st.New != 2 || !at.Equal(clock()) {
		t.Fatalf("first view after warming: computation %d at %v, want the refreshed one now", st.New, at)
	}
}
