//go:build e2e

package e2e

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

// TestCrashLeasesEndWithTheProcess kills the server with SIGKILL while 20
// citizens report, restarts it at once, and measures how long after the
// restart each chat got its next message: the outbox messages the dead
// process had leased must go out once its heartbeat is stale, seconds after
// the kill, not when their 45 s leases run out.
func TestCrashLeasesEndWithTheProcess(t *testing.T) {
	t.Parallel()
	c := newCluster(t, pgtest.URL(t), nil)
	c.dumpLogsOnFailure()
	addr := freeAddr(t)
	server := c.start("serve", addr, nil)

	var updates atomic.Int64
	zs := newCitizens(c, 20, &updates)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- burst(ctx, zs, 0, stop) }()

	// Long enough for every citizen to be in the middle of a report.
	time.Sleep(2 * time.Second)
	server.kill(t)
	killed := time.Now()
	var held int
	if err := c.db.GetContext(ctx, &held, `SELECT count(*) FROM outbox WHERE state = 'pending' AND locked_until > now()`); err != nil {
		t.Fatal(err)
	}
	c.start("serve", addr, nil)
	restarted := time.Now()
	// Every chat goes on well past the longest wait allowed, then stops.
	time.Sleep(10 * time.Second)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	var longest time.Duration
	waited := 0
	for _, z := range zs {
		for _, at := range c.tg.SendTimes(z.u.ID()) {
			if at.After(killed) {
				waited++
				longest = max(longest, at.Sub(restarted))
				break
			}
		}
	}
	t.Logf("%d outbox leases held by the killed process; %d chats spoken to after the kill, the longest %v after the restart (%v from the kill)",
		held, waited, longest.Round(time.Millisecond), (longest + restarted.Sub(killed)).Round(time.Millisecond))
	if waited < len(zs) {
		t.Errorf("%d of %d chats got no message after the restart", len(zs)-waited, len(zs))
	}
	if longest >= 5*time.Second {
		t.Errorf("a chat waited %v beyond the restart for its next message; want < 5 s", longest)
	}
	c.stopAll()
}
