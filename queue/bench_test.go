package queue

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/internal/stmtcache"
	schema "github.com/tipline/tipline/sql"
)

// Benchmarks run against BENCH_DATABASE_URL when set (seeded once with
// BENCH_TIPS tips, default 1,000,000, if it holds none), otherwise against a
// database of 100,000 seeded tips created on TEST_DATABASE_URL's server for
// this run and dropped at its end.
//
//	BENCH_DATABASE_URL=postgres://…/bench go test -run - -bench . -benchtime 2000x ./queue/

var bench struct {
	once    sync.Once
	db      *sqlx.DB
	store   *Store
	dropURL string // maintenance URL and name of a database to drop at exit
	dropDB  string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dropDB != "" {
		bench.db.Close()
		if admin, err := sql.Open("postgres", bench.dropURL); err == nil {
			_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + pq.QuoteIdentifier(bench.dropDB) + ` WITH (FORCE)`)
			admin.Close()
		}
	}
	os.Exit(code)
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	bench.once.Do(func() { bench.err = openBench(b) })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.store
}

func openBench(b testing.TB) error {
	ctx := context.Background()
	dbURL, n := os.Getenv("BENCH_DATABASE_URL"), 1_000_000
	if v := os.Getenv("BENCH_TIPS"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			return fmt.Errorf("BENCH_TIPS: %w", err)
		}
	}
	if dbURL == "" {
		base := os.Getenv("TEST_DATABASE_URL")
		if base == "" {
			return fmt.Errorf("set BENCH_DATABASE_URL or TEST_DATABASE_URL")
		}
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		// Named like pgtest's clones, so a crashed run's database is swept.
		name := fmt.Sprintf("tipline_t_%d_%d_bench", time.Now().Unix(), os.Getpid())
		admin, err := sql.Open("postgres", base)
		if err != nil {
			return err
		}
		defer admin.Close()
		if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(name)); err != nil {
			return err
		}
		bench.dropURL, bench.dropDB = base, name
		u.Path = "/" + name
		dbURL, n = u.String(), 100_000
		fmt.Printf("queue bench: BENCH_DATABASE_URL not set; seeding %d tips into a temporary database %s\n", n, name)
	}
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(8)
	bench.db = db
	if err := schema.Up(ctx, db.DB); err != nil {
		return err
	}
	cfg := testConfig(b)
	bench.store = NewStore(db, cfg, []byte("bench-receipt-key-0123456789abcdef"))
	var have int
	if err := db.QueryRow(`SELECT count(*) FROM tips`).Scan(&have); err != nil {
		return err
	}
	if have == 0 {
		start := time.Now()
		if err := Seed(ctx, db, cfg, []byte("bench"), n, func(done int) {
			if done%100_000 == 0 {
				fmt.Printf("queue bench: seeded %d tips in %v\n", done, time.Since(start).Round(time.Second))
			}
		}); err != nil {
			return err
		}
		fmt.Printf("queue bench: seeded %d tips in %v\n", n, time.Since(start).Round(time.Second))
	} else {
		fmt.Printf("queue bench: reusing %d tips\n", have)
	}
	return nil
}

// latencies collects per-operation times and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(p float64) float64 {
		return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// benchFilters are the queue page's filter combinations.
func benchFilters(db *sqlx.DB) []Filter {
	var officer int64
	_ = db.QueryRow(`SELECT id FROM officers WHERE username = 'seed.officer1'`).Scan(&officer)
	open := []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded}
	monthAgo := time.Now().AddDate(0, -1, 0)
	return []Filter{
		{},
		{States: open},
		{States: []State{StateNew}},
		{States: []State{StateClosed}, Sort: "newest"},
		{Category: "selling"},
		{AreaCode: "meiqiao", Sort: "newest"},
		{Category: "drug_driving", AreaCode: "yutang"},
		{Category: "cultivation", AreaCode: "jinsou", States: open, Priority: PriorityUrgent},
		{Priority: PriorityUrgent, States: open},
		{Overdue: true},
		{Overdue: true, Sort: "due"},
		{AssigneeID: officer, States: open},
		{AssigneeID: officer, Sort: "newest"},
		{Unassigned: true, States: []State{StateNew}},
		{Sort: "oldest"},
		{Sort: "due", States: []State{StateInReview}},
		{From: monthAgo, Sort: "newest"},
		{From: monthAgo, Category: "use", AreaCode: "dongshan"},
		{Kind: KindHelp},
		{Kind: KindHelp, States: []State{StateNew}},
	}
}

func BenchmarkList(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	filters := benchFilters(s.db)
	// Second pages too: the cursor must cost what the first page does.
	for _, f := range filters[:6] {
		p, err := s.List(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if p.Next != "" {
			f.After = p.Next
			filters = append(filters, f)
		}
	}
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := s.List(ctx, filters[i%len(filters)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	var phone string
	_ = s.db.QueryRow(`SELECT value FROM entities WHERE kind = 'phone' ORDER BY id LIMIT 1`).Scan(&phone)
	queries := []Filter{
		{Query: "冰毒"},
		{Query: "梅桥 冰毒"},
		{Query: "海洛因", Sort: "newest"},
		{Query: "零包 东山"},
		{Query: "KTV", States: []State{StateNew, StateInReview}},
		{Query: "meth"},
		{Query: "heroin bus station"},
		{Query: phone, Sort: "newest"},
		{Query: "麻古", Category: "selling", Sort: "newest"},
		{Query: "可卡因"},
		{Query: "老四 出租屋"},
	}
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := s.List(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkSubmit compares Submit (in its own transaction with its
// statements prepared, as the bot does) with raw single-row INSERTs of a full
// tip row, prepared and autocommitted, into a copy of the tips table with the
// same indexes, on the same server.
func BenchmarkSubmit(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	if _, err := s.db.Exec(`CREATE TABLE IF NOT EXISTS bench_raw_tips (LIKE tips INCLUDING ALL)`); err != nil {
		b.Fatal(err)
	}
	var phones []string
	if err := s.db.Select(&phones, `SELECT value FROM entities WHERE kind = 'phone' ORDER BY id LIMIT 200`); err != nil {
		b.Fatal(err)
	}
	// The tips submitted here are taken out again, with a vacuum: left in,
	// every run would add a day's worth of tips in the last minutes that the
	// other measurements (the newest tips, a day's digest) then read.
	var lastSeeded int64
	if err := s.db.Get(&lastSeeded, `SELECT coalesce(max(id), 0) FROM tips`); err != nil {
		b.Fatal(err)
	}
	defer func() {
		if _, err := s.db.Exec(`DELETE FROM tips WHERE id > $1`, lastSeeded); err != nil {
			b.Error(err)
		}
		if _, err := s.db.Exec(`VACUUM (ANALYZE) tips, tip_events, tip_entities`); err != nil {
			b.Error(err)
		}
	}()
	r := rand.New(rand.NewPCG(1, 2))
	sub := func(i int) Submission {
		x := validSubmission()
		x.Category = pick(r, seedCategories)
		x.AreaCode = pick(r, s.cfg.Areas).Code
		x.Description = fmt.Sprintf("%s%s有人%s%s,%s。", pick(r, s.cfg.Areas).Zh, pick(r, seedVenues), pick(r, seedActions), pick(r, seedDrugs), pick(r, seedTimes))
		if i%3 == 0 && len(phones) > 0 {
			x.Description += " 电话 " + pick(r, phones)
		}
		return x
	}

	// Both run their statements prepared, as the bot's transactions do: the
	// baseline is the server's best single-row insert, not lib/pq's two round
	// trips for an unprepared one.
	stmts := stmtcache.New(s.db)
	defer stmts.Close()
	insert, err := s.db.PreparexContext(ctx, `
		INSERT INTO bench_raw_tips (kind, receipt_hash, reporter_ref, locale, category, area_code, area_text, occurred,
		                            description, search, priority, suggested_priority, triage_due, contact_mode)
		VALUES ('report', $1, $2, 'zh-CN', $3, $4, '', 'today', $5, to_tsvector('simple', $6), 3, 3, now(), 'code')`)
	if err != nil {
		b.Fatal(err)
	}
	defer insert.Close()
	b.StopTimer()
	rawStart := time.Now()
	for i := 0; i < b.N; i++ {
		x := sub(i)
		_, err := insert.ExecContext(ctx, s.searchKeyForBench(), x.ReporterRef.Bytes(), x.Category, x.AreaCode, x.Description, SearchDocument(x.Description))
		if err != nil {
			b.Fatal(err)
		}
	}
	raw := time.Since(rawStart)

	lat := make(latencies, 0, b.N)
	b.StartTimer()
	subStart := time.Now()
	for i := 0; i < b.N; i++ {
		x := sub(i)
		start := time.Now()
		tx, err := s.db.BeginTxx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Submit(ctx, stmts.Wrap(tx), x); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	took := time.Since(subStart)
	b.StopTimer()
	lat.report(b)
	rawRate := float64(b.N) / raw.Seconds()
	subRate := float64(b.N) / took.Seconds()
	b.ReportMetric(subRate, "submits/s")
	b.ReportMetric(rawRate, "raw-inserts/s")
	b.ReportMetric(subRate/rawRate, "ratio")
	_, _ = s.db.Exec(`TRUNCATE bench_raw_tips`)
}

// searchKeyForBench is a fresh 32-byte value for the raw inserts' unique hash.
func (s *Store) searchKeyForBench() []byte {
	r, _ := NewReceipt()
	return r.Hash(s.receiptKey)
}
