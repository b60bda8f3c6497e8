package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// intakeRate is the updates a second the intake run offers.
const intakeRate = 1050

// loadResult is the part of `tipline load --json` the table shows.
type loadResult struct {
	Updates       int     `json:"updates"`
	Accepted      int     `json:"accepted"`
	Refused       int     `json:"refused"`
	IntakeRate    float64 `json:"intake_updates_per_second"`
	ProcessedRate float64 `json:"processed_updates_per_second"`
	Tips          int     `json:"tips"`
	TipRate       float64 `json:"tips_per_second"`
	Latency       struct {
		P50 float64 `json:"p50_ms"`
		P95 float64 `json:"p95_ms"`
		P99 float64 `json:"p99_ms"`
	} `json:"latency"`
	Delivery struct {
		Limit            int     `json:"limit_per_second"`
		SaturatedSeconds int     `json:"saturated_seconds"`
		CallsPerSecond   float64 `json:"calls_per_second"`
		SendsPerSecond   float64 `json:"sends_per_second"`
		ShareOfLimit     float64 `json:"share_of_limit"`
		RateLimited      int     `json:"rate_limited"`
		Unhonoured       int     `json:"unhonoured"`
	} `json:"delivery"`
	Check struct {
		OK       bool     `json:"ok"`
		Problems []string `json:"problems"`
	} `json:"check"`
	took time.Duration
}

// Shapes of the two citizen runs. The intake's: 1,050 updates/s offered
// evenly (open loop) for 10 s, with Telegram's limits enforced by the
// emulator and honoured by the sender, as in service. It measures what the
// intake keeps up with and its latency at the target rate (a little above it,
// so that keeping up shows as ≥ 1,000/s), not behind a backlog the run made
// itself. The replies then wait in the outbox and go out at 30 a second:
// the run ends when all are delivered, about six minutes later. The report
// flow with the limits enforced measures what the sender delivers against
// them.
var (
	intakeArgs  = []string{"--citizens", "200", "--rate", strconv.Itoa(intakeRate), "--duration", "10s", "--enforce-limits"}
	limitedArgs = []string{"--citizens", "100", "--enforce-limits", "--reuse"}
)

// measureCitizens runs `tipline load` twice on a fresh database (the citizen
// side does not read the queue, and a fresh one keeps the seeded database as
// seeded), with the raw insert rate of the same server measured just before.
func measureCitizens(ctx context.Context, o options, keys []string, r *report) error {
	dbURL := withDatabase(o.serverURL, fmt.Sprintf("tipline_bench_load_%d", os.Getpid()))
	if err := createDatabase(ctx, o.serverURL, dbURL, true); err != nil {
		return err
	}
	defer dropDatabase(o.serverURL, dbURL)
	if _, err := tipline(ctx, o.bin, dbURL, keys, "", "migrate", "up"); err != nil {
		return err
	}
	var err error
	if r.rawInbox, err = rawInsertRate(ctx, dbURL, 8, 5*time.Second); err != nil {
		return err
	}
	if r.burst, err = runLoad(ctx, o.bin, dbURL, intakeArgs); err != nil {
		return err
	}
	if r.limited, err = runLoad(ctx, o.bin, dbURL, limitedArgs); err != nil {
		return err
	}
	// Update → reply delivered in a closed loop, beside the echo bot
	// (loadtest.BenchmarkRoundTrip), on test databases of the same server.
	env := append(os.Environ(), "TEST_DATABASE_URL="+o.serverURL)
	if r.roundTrip, err = goBench(ctx, env, "./loadtest/", "^BenchmarkRoundTrip$", "1x"); err != nil {
		return err
	}
	return nil
}

// runLoad keeps the figures of a run whose checks failed: the table says so.
func runLoad(ctx context.Context, bin, dbURL string, args []string) (*loadResult, error) {
	args = append([]string{"load", "--json", "--database-url", dbURL}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = tiplineEnv(dbURL, nil)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	runErr := cmd.Run()
	var res loadResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("tipline %s: %v: %s", strings.Join(args, " "), runErr, strings.TrimSpace(errOut.String()))
	}
	res.took = time.Since(start)
	return &res, nil
}

// rawInsertRate is how many single-row INSERTs of an inbox-sized row (a 600-byte
// payload, a primary key and the pending index) the server commits per second
// over conns connections: the ceiling the intake is compared with.
func rawInsertRate(ctx context.Context, dbURL string, conns int, d time.Duration) (float64, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(conns)
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_raw_inbox (LIKE bot_inbox INCLUDING ALL)`); err != nil {
		return 0, fmt.Errorf("unable to create the raw insert table: %w", err)
	}
	defer db.Exec(`DROP TABLE IF EXISTS bench_raw_inbox`)
	payload := make([]byte, 600)
	_, _ = rand.Read(payload)
	return insertsPerSecond(ctx, conns, d, func(id int64) error {
		_, err := db.ExecContext(ctx, `INSERT INTO bench_raw_inbox (update_id, chat_key, payload_sealed) VALUES ($1, $2, $3)`,
			id, fmt.Sprintf("c:%d", id%500), payload)
		return err
	})
}

// insertsPerSecond calls insert from conns goroutines for d, each call with
// a number of its own, and returns the calls a second that succeeded.
func insertsPerSecond(ctx context.Context, conns int, d time.Duration, insert func(n int64) error) (float64, error) {
	var next, done atomic.Int64
	var firstErr error
	var once sync.Once
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if err := insert(next.Add(1)); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, fmt.Errorf("raw insert: %w", firstErr)
	}
	return float64(done.Load()) / time.Since(start).Seconds(), nil
}
