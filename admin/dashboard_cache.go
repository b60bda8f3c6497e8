package admin

import (
	"context"
	"sync"
	"time"
)

// The dashboard is a summary, not a live view: queue.Stats over 30 days reads
// every tip of the month (about 420 ms alone at 1M tips, over a second on a
// busy server), and officers open the dashboard far more often than its
// figures change in a way that matters. So each range's figures are computed
// at most about once a minute and the page says when ("updated 14:05"):
//
//   - a range asked for the first time is computed while its requests wait;
//   - figures older than dashboardFresh are still shown at once, while one
//     background computation replaces them for the next request;
//   - computing one range also computes the others in the background, one
//     after the other, since an officer who opens one usually opens the next;
//   - the queue page, where officers land, has missing ranges computed and
//     aged ones refreshed in the background (after a start, a new day, or
//     ten minutes without a dashboard), so the first dashboard opened is
//     served at once with figures at most about a minute old.
//
// Correctness stays simple: the figures are exactly queue.Stats' at the time
// shown, never merged or patched, and a failed computation is not kept.
const (
	dashboardFresh = time.Minute
	// summaryFresh is how old the leaders' and campaigns' figures may be.
	summaryFresh = 5 * time.Minute
	// dashboardForget drops ranges not asked for in a while (yesterday's).
	dashboardForget = 10 * time.Minute
	// dashboardTimeout bounds one computation, which no request cancels.
	dashboardTimeout = 30 * time.Second
)

type periodKey struct{ from, to int64 }

type periodEntry[T any] struct {
	ready      chan struct{} // closed once the first computation ends
	st         T
	at         time.Time // when st was computed
	err        error     // of the first computation only
	refreshing bool
	used       time.Time
}

// periodCache keeps figures of periods as described above; T is what one
// period's computation gives (the dashboard's queue.Stats, the leaders'
// towns). fresh is how old figures may be before a request has them
// computed again in the background.
type periodCache[T any] struct {
	mu      sync.Mutex
	entries map[periodKey]*periodEntry[T]
	now     func() time.Time
	fresh   time.Duration
	compute func(ctx context.Context, from, to time.Time) (T, error)
}

func newPeriodCache[T any](now func() time.Time, fresh time.Duration, compute func(ctx context.Context, from, to time.Time) (T, error)) *periodCache[T] {
	return &periodCache[T]{entries: map[periodKey]*periodEntry[T]{}, now: now, fresh: fresh, compute: compute}
}

// get returns the figures of [from, to) and when they were computed; warm
// are the other ranges to have ready for the next request.
func (c *periodCache[T]) get(ctx context.Context, from, to time.Time, warm [][2]time.Time) (T, time.Time, error) {
	e, fresh := c.entry(from, to, true)
	if fresh {
		go func() {
			c.run(e, from, to)
			for _, w := range warm {
				if we, fresh := c.entry(w[0], w[1], false); fresh {
					c.run(we, w[0], w[1])
				}
			}
		}()
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		var zero T
		return zero, time.Time{}, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.err != nil {
		var zero T
		return zero, time.Time{}, e.err
	}
	if c.now().Sub(e.at) > c.fresh && !e.refreshing {
		e.refreshing = true
		go c.refresh(e, from, to)
	}
	return e.st, e.at, nil
}

// warm computes in the background, one after the other, those of ranges
// that are not in memory, and refreshes those older than dashboardFresh:
// figures warmed once and left to age would be what the first dashboard
// opened shows, minutes old. It does not count as a use: figures only
// warmed are forgotten after dashboardForget and computed anew.
func (c *periodCache[T]) warm(ranges [][2]time.Time) {
	type job struct {
		e     *periodEntry[T]
		r     [2]time.Time
		first bool
	}
	var todo []job
	for _, r := range ranges {
		e, fresh := c.entry(r[0], r[1], false)
		if fresh {
			todo = append(todo, job{e, r, true})
			continue
		}
		c.mu.Lock()
		stale := isClosed(e.ready) && e.err == nil && !e.refreshing && c.now().Sub(e.at) > c.fresh
		if stale {
			e.refreshing = true
		}
		c.mu.Unlock()
		if stale {
			todo = append(todo, job{e, r, false})
		}
	}
	if len(todo) == 0 {
		return
	}
	go func() {
		for _, j := range todo {
			if j.first {
				c.run(j.e, j.r[0], j.r[1])
			} else {
				c.refresh(j.e, j.r[0], j.r[1])
			}
		}
	}()
}

// entry finds or adds the entry of [from, to); fresh says it was added and
// the caller must run its first computation.
func (c *periodCache[T]) entry(from, to time.Time, touch bool) (*periodEntry[T], bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for k, e := range c.entries {
		if now.Sub(e.used) > dashboardForget && !e.refreshing && isClosed(e.ready) {
			delete(c.entries, k)
		}
	}
	k := periodKey{from.UnixNano(), to.UnixNano()}
	if e, ok := c.entries[k]; ok {
		if touch {
			e.used = now
		}
		return e, false
	}
	e := &periodEntry[T]{ready: make(chan struct{}), used: now}
	c.entries[k] = e
	return e, true
}

// run is an entry's first computation. A failure is handed to the requests
// waiting for it and forgotten, so the next request tries again.
func (c *periodCache[T]) run(e *periodEntry[T], from, to time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), dashboardTimeout)
	defer cancel()
	st, err := c.compute(ctx, from, to)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.st, e.at, e.err = st, c.now(), err
	if err != nil {
		k := periodKey{from.UnixNano(), to.UnixNano()}
		if c.entries[k] == e {
			delete(c.entries, k)
		}
	}
	close(e.ready)
}

// refresh replaces an entry's figures; on failure the old ones stay, with
// their time, until a later request tries again.
func (c *periodCache[T]) refresh(e *periodEntry[T], from, to time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), dashboardTimeout)
	defer cancel()
	st, err := c.compute(ctx, from, to)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		e.st, e.at = st, c.now()
	}
	e.refreshing = false
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
