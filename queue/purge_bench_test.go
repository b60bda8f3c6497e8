package queue

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgtest"
)

// BenchmarkPurgeWhileSubmitting measures intake while a purge runs: on a
// fresh database holding PURGE_TIPS (default 100,000) closed tips past
// retention, each with an event and a link to a phone number, plus 10,000
// open tips naming the same numbers, it times Submits alone, then Submits
// while Purge deletes every expired tip, and reports both p99s (the issue
// asks for the second within twice the first). Measurement only:
//
//	go test -run - -bench PurgeWhileSubmitting -benchtime 1x ./queue/
func BenchmarkPurgeWhileSubmitting(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("PURGE_TIPS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db := pgtest.DB(b)
	db.SetMaxOpenConns(8)
	s := NewStore(db, testConfig(b), []byte("receipt-key-for-tests-0123456789ab"))
	for b.Loop() {
		b.StopTimer()
		seedExpired(b, db, n)
		b.StartTimer()

		alone := submitFor(b, s, 300, nil)
		done := make(chan struct{})
		var res PurgeResult
		var purgeErr error
		var took time.Duration
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(done)
			start := time.Now()
			res, purgeErr = s.Purge(ctx, time.Now(), 500)
			took = time.Since(start)
		})
		during := submitFor(b, s, 0, done)
		wg.Wait()
		if purgeErr != nil {
			b.Fatal(purgeErr)
		}
		if res.Tips < n {
			b.Fatalf("purged %d tips, want %d", res.Tips, n)
		}
		b.ReportMetric(alone.at(0.50), "alone-p50-ms")
		b.ReportMetric(alone.at(0.99), "alone-p99-ms")
		b.ReportMetric(during.at(0.50), "purging-p50-ms")
		b.ReportMetric(during.at(0.99), "purging-p99-ms")
		b.ReportMetric(float64(len(during)), "submits-during")
		b.ReportMetric(took.Seconds(), "purge-s")
	}
}

// submitFor submits tips one transaction each, as the bot does, count of
// them, or until done is closed, and returns their latencies. Every third
// names a seeded phone number, so links, corroboration and entityLock are
// exercised.
func submitFor(b *testing.B, s *Store, count int, done <-chan struct{}) latencies {
	ctx := context.Background()
	var lat latencies
	for i := 0; count == 0 || i < count; i++ {
		if done != nil {
			select {
			case <-done:
				return lat
			default:
			}
		}
		x := validSubmission()
		if i%3 == 0 {
			x.Description = fmt.Sprintf("卖货的电话139%08d,今晚在桥头", i%5000)
		}
		start := time.Now()
		tx, err := s.db.BeginTxx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Submit(ctx, tx, x); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	return lat
}

// at is the p-th percentile in milliseconds.
func (l latencies) at(p float64) float64 {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / float64(time.Millisecond)
}

// seedExpired writes n spam tips closed two years ago (retention: 30 days),
// each with a "submitted" event and a link to one of 5,000 phone numbers,
// and 10,000 open tips naming the same numbers.
func seedExpired(b *testing.B, db *sqlx.DB, n int) {
	b.Helper()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO entities (kind, value)
		  SELECT 'phone', '139' || lpad(i::text, 8, '0') FROM generate_series(0, 4999) i
		  ON CONFLICT DO NOTHING`, nil},
		{`INSERT INTO tips (kind, receipt_hash, reporter_ref, category, area_code, occurred, description, search,
		                   state, resolution, priority, suggested_priority, triage_due, contact_mode,
		                   created_at, updated_at, triaged_at, closed_at)
		  SELECT 'report', sha256(convert_to('expired ' || i || ' ' || clock_timestamp(), 'UTF8')), sha256(int8send(i)),
		         'selling', 'dongshan', 'earlier', '卖货的电话139' || lpad((i % 5000)::text, 8, '0'), ''::tsvector,
		         CASE WHEN i <= $1 THEN 'closed' ELSE 'new' END, CASE WHEN i <= $1 THEN 'spam' END,
		         3, 3, now() + interval '3 days', 'code',
		         c, c, CASE WHEN i <= $1 THEN c END, CASE WHEN i <= $1 THEN c END
		    FROM generate_series(1, $1 + 10000) i,
		         LATERAL (SELECT CASE WHEN i <= $1 THEN now() - interval '2 years' ELSE now() END AS c) t`, []any{n}},
		{`INSERT INTO tip_entities (tip_id, entity_id, raw)
		  SELECT t.id, e.id, e.value FROM tips t JOIN entities e ON e.kind = 'phone' AND e.value = substring(t.description from 6)
		   WHERE NOT EXISTS (SELECT 1 FROM tip_entities x WHERE x.tip_id = t.id)`, nil},
		{`INSERT INTO tip_events (tip_id, action, to_state, created_at)
		  SELECT id, 'submitted', 'new', created_at FROM tips
		   WHERE NOT EXISTS (SELECT 1 FROM tip_events x WHERE x.tip_id = tips.id)`, nil},
		{`ANALYZE tips, tip_entities, entities, tip_events`, nil},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			b.Fatalf("seed: %v", err)
		}
	}
}
