package e2e

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

// burst makes each citizen report tips one after another: tipsEach each, or,
// with tipsEach 0, until stop is closed. It returns the first error.
func burst(ctx context.Context, citizens []*citizen, tipsEach int, stop <-chan struct{}) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(citizens))
	for _, z := range citizens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; tipsEach == 0 || k < tipsEach; k++ {
				if tipsEach == 0 {
					select {
					case <-stop:
						return
					default:
					}
				}
				if _, err := z.report(ctx, k); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func newCitizens(c *cluster, n int, updates *atomic.Int64) []*citizen {
	out := make([]*citizen, n)
	for i := range out {
		out[i] = newCitizen(c.tg, i, updates)
	}
	return out
}

// crashScenario kills the server with SIGKILL `kills` times while citizens
// report tipsEach tips each, restarting it after every kill, then accounts
// for everything and audits the anonymity of the dump and the logs.
//
// With fastForward, the outbox leases the killed process held are ended right
// after the kill, as if their two minutes had passed: a kill otherwise holds
// up the chats it was sending to until the lease runs out, which the small
// scenario cannot wait for. The heavy scenario waits them out for real.
func crashScenario(t *testing.T, kills, citizens, tipsEach int, fastForward bool) {
	began := time.Now()
	c := newCluster(t, pgtest.URL(t), nil)
	t.Logf("binary and cluster ready in %v", time.Since(began).Round(time.Millisecond))
	c.dumpLogsOnFailure()
	addr := freeAddr(t)
	var mu sync.Mutex
	server := c.start("serve", addr, nil)

	var updates atomic.Int64
	zs := newCitizens(c, citizens, &updates)
	ctx, cancel := context.WithTimeout(t.Context(), 8*time.Minute)
	defer cancel()

	burstDone := make(chan struct{})
	var burstErr error
	go func() {
		defer close(burstDone)
		burstErr = burst(ctx, zs, tipsEach, nil)
	}()

	during := 0
	for i := 0; i < kills; i++ {
		// Up between 0.3 and 1.5 s: long enough to take updates and send
		// replies, short enough to die in the middle of them.
		select {
		case <-time.After(time.Duration(300+rand.IntN(1200)) * time.Millisecond):
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
		select {
		case <-burstDone:
		default:
			during++
		}
		mu.Lock()
		server.kill(t)
		if fastForward {
			res, err := c.db.ExecContext(ctx, `UPDATE outbox SET locked_until = NULL WHERE state = 'pending' AND locked_until > now()`)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := res.RowsAffected()
			t.Logf("kill %d: %d outbox leases of the dead process ended", i+1, n)
		}
		server = c.start("serve", addr, nil)
		mu.Unlock()
	}
	<-burstDone
	t.Logf("burst over after %v", time.Since(began).Round(time.Millisecond))
	if burstErr != nil {
		t.Fatal(burstErr)
	}
	t.Logf("%d kills, %d of them during the burst of %d tips from %d citizens", kills, during, citizens*tipsEach, citizens)
	if kills > 0 && during == 0 {
		t.Errorf("no kill happened during the burst")
	}
	dups := accountFor(t, c, zs, updates.Load())
	if dups > 0 {
		// At-least-once at the Telegram boundary: a send that reached Telegram
		// but whose outbox row was not yet marked sent when the process died
		// is sent again after the restart.
		t.Logf("%d receipt messages delivered twice after SIGKILL (the sender is at-least-once by design)", dups)
	}
	c.stopAll()
	auditAnonymity(t, c.dbURL, c.written(), zs)
}

// TestCrashDuringBurst is the small crash scenario of `go test ./...`.
func TestCrashDuringBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	crashScenario(t, 3, 20, 5, true)
}
