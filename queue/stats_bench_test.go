package queue

import (
	"context"
	"testing"
	"time"
)

// BenchmarkStats is the dashboard's three ranges (today, 7 and 30 days up to
// the newest tip's day). Target: p95 under 200 ms at 1M tips.
//
//	BENCH_DATABASE_URL=postgres://…/bench go test -run - -bench Stats -benchtime 50x ./queue/
func BenchmarkStats(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	var newest time.Time
	if err := s.db.Get(&newest, `SELECT max(created_at) FROM tips`); err != nil {
		b.Fatal(err)
	}
	loc := s.location()
	n := newest.In(loc)
	end := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	for _, r := range []struct {
		name string
		days int
	}{{"today", 1}, {"7days", 7}, {"30days", 30}} {
		b.Run(r.name, func(b *testing.B) {
			from := end.AddDate(0, 0, -r.days)
			lat := make(latencies, 0, b.N)
			var st Stats
			for b.Loop() {
				start := time.Now()
				var err error
				if st, err = s.Stats(ctx, from, end); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			if st.New == 0 {
				b.Fatal("no tips in the window")
			}
			lat.report(b)
		})
	}
}
