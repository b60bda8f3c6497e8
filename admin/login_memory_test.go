package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/officer"
)

// argonMiB is the memory one password hash takes (officer's argon2id cost).
const argonMiB = 64

// TestLoginMemoryBounded sends 100 concurrent wrong logins, each from its own
// address so that no per-address limit turns any away: the password hashes in
// flight never exceed the gate, and the Go heap grows by less than two heaps'
// worth of the hashes the gate lets run and three more, (2×gate+3)×64 MiB (the
// dummy hash made on first use, the server's and the test's own), where
// unbounded each login held 64 MiB at once (6.4 GiB). Not parallel, so that
// no other test's memory is counted.
func TestLoginMemoryBounded(t *testing.T) {
	b := setupBehindProxy(t)
	// The service's pool is bounded (database.max_open_conns); a test pool is
	// not, and 100 logins at once would otherwise open 100 connections to a
	// server that other packages' tests share.
	b.db.SetMaxOpenConns(config.Default().Database.MaxOpenConns)
	b.addOfficers("officer")
	gate, _ := officer.HashLimit()
	bound := uint64(2*gate+3) * argonMiB << 20

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resetPeakRSS()

	const logins = 100
	statuses := make(chan int, logins)
	var wg sync.WaitGroup
	for i := range logins {
		wg.Go(func() {
			form := url.Values{"username": {[]string{"officer", "nobody"}[i%2]}, "password": {"wrong-password"}}
			req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.9.%d.%d", i/200, i%200+1))
			res, err := b.client().Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	runtime.ReadMemStats(&after)

	counts := map[int]int{}
	for st := range statuses {
		counts[st]++
	}
	if counts[http.StatusUnauthorized] == 0 || counts[http.StatusUnauthorized]+counts[http.StatusServiceUnavailable] != logins {
		t.Fatalf("answers by status: %v; want only 401 (refused) and 503 (busy)", counts)
	}
	if _, peak := officer.HashLimit(); peak > gate || peak < 1 {
		t.Fatalf("%d password hashes ran at once; the gate allows %d", peak, gate)
	}
	growth := after.HeapSys - before.HeapSys
	t.Logf("gate %d, answers %v, heap grew %d MiB (bound %d MiB), peak RSS %s",
		gate, counts, growth>>20, bound>>20, peakRSS())
	if after.HeapSys > before.HeapSys && growth > bound {
		t.Fatalf("100 concurrent logins grew the heap by %d MiB; bound %d MiB", growth>>20, bound>>20)
	}
}

// resetPeakRSS starts the kernel's peak-RSS count afresh (Linux), for the log.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
