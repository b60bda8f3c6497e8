package jobs

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

// BenchmarkDigest builds one day's digest over a large queue. Set
// BENCH_DATABASE_URL to reuse an already seeded database (e.g. 1M tips from
// `tipline seed --tips 1000000`); otherwise BENCH_TIPS tips (default 100000)
// are seeded into a fresh one. Target: under a second at 1M tips.
func BenchmarkDigest(b *testing.B) {
	cfg := testConfig(b)
	ctx := context.Background()
	key := []byte("receipt-key-for-tests-0123456789ab")
	var db *sqlx.DB
	if u := os.Getenv("BENCH_DATABASE_URL"); u != "" {
		var err error
		if db, err = sqlx.Open("postgres", u); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db = pgtest.DB(b)
		n := 100000
		if v, err := strconv.Atoi(os.Getenv("BENCH_TIPS")); err == nil && v > 0 {
			n = v
		}
		if err := queue.Seed(ctx, db, cfg, key, n, nil); err != nil {
			b.Logf("queue.Seed: %v; seeding with plain inserts", err)
			seedTips(b, db, n)
		}
		if _, err := db.Exec(`ANALYZE tips`); err != nil {
			b.Fatal(err)
		}
	}
	var newest time.Time
	if err := db.Get(&newest, `SELECT max(created_at) FROM tips`); err != nil {
		b.Fatal(err)
	}
	s, err := New(Deps{Config: cfg, DB: db, Queue: queue.NewStore(db, cfg, key), Mailer: &fakeMailer{}})
	if err != nil {
		b.Fatal(err)
	}
	p, err := mustJob(b, s, JobDailyDigest).sched.Latest(newest)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		d, err := s.build(ctx, JobDailyDigest, p, false)
		if err != nil {
			b.Fatal(err)
		}
		if d.TextZh == "" {
			b.Fatal("empty digest")
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/op")
}

// seedTips fills tips with n synthetic reports over the past year, for when
// queue.Seed is not available.
func seedTips(b *testing.B, db *sqlx.DB, n int) {
	b.Helper()
	const q = `
		INSERT INTO tips (kind, receipt_hash, reporter_ref, category, area_code, occurred, description, search,
		                  state, resolution, priority, suggested_priority, triage_due, contact_mode,
		                  created_at, updated_at, closed_at, triaged_at)
		SELECT CASE WHEN i % 50 = 0 THEN 'help' ELSE 'report' END,
		       sha256(int8send(i)), sha256(int8send(-i)),
		       (ARRAY['selling','use','manufacturing','cultivation','harbouring','drug_driving','trafficking','other'])[1 + i % 8],
		       (ARRAY['dongshan','wangchunmen','xinxianglu','kunlunqiao','shanzao','hutian','fanjiang','longdong'])[1 + i % 8],
		       'earlier', 'synthetic tip', ''::tsvector,
		       CASE WHEN i % 10 < 8 THEN 'closed' ELSE 'new' END,
		       CASE WHEN i % 10 < 8 THEN 'unfounded' END,
		       1 + i % 4, 1 + i % 4, c + interval '3 days', 'code',
		       c, c, CASE WHEN i % 10 < 8 THEN c + interval '5 days' END,
		       CASE WHEN i % 10 < 8 THEN c + interval '1 day' END
		  FROM generate_series($2 + 1, $2 + $3) i,
		       LATERAL (SELECT now() - (i::float8 / $1) * interval '365 days' AS c) t`
	for done := 0; done < n; done += 100000 {
		if _, err := db.Exec(q, n, done, min(100000, n-done)); err != nil {
			b.Fatal(err)
		}
	}
}
