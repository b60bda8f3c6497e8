package queue

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// BenchmarkEachOutcome streams a year of reports with their outcomes, as the
// export does. The heap is sampled every 10,000 rows: heap-growth-MB is how
// far it rose past the first sample, which stays flat however many rows a
// year holds.
func BenchmarkEachOutcome(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	to := time.Now().Add(time.Hour)
	from := to.AddDate(-1, 0, 0)
	var rows int
	var first, peak uint64
	var ms runtime.MemStats
	for b.Loop() {
		rows, first, peak = 0, 0, 0
		err := s.EachOutcome(ctx, from, to, func(OutcomeRecord) error {
			rows++
			if rows%10000 == 0 {
				runtime.ReadMemStats(&ms)
				if first == 0 {
					first = ms.HeapInuse
				}
				peak = max(peak, ms.HeapInuse)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(peak-first)/1e6, "heap-growth-MB")
	b.ReportMetric(float64(first)/1e6, "heap-at-10k-rows-MB")
}
