package loadtest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/loadtest"
)

// TestLoadSmall runs ten citizens through the whole flow and checks that
// nothing was lost or doubled.
func TestLoadSmall(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	res, err := loadtest.Run(t.Context(), db, loadtest.Options{Citizens: 10, TipsPerCitizen: 1, Workers: 4, StepTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	_ = res.WriteTable(&table)
	t.Log("\n" + table.String())
	c := res.Check
	if !c.OK {
		t.Fatalf("checks failed:\n%s", table.String())
	}
	if c.TipsStored != 10 || c.ReceiptsDelivered != 10 || c.ReceiptsDistinct != 10 {
		t.Errorf("tips %d, receipts %d opening %d tips; want 10 each", c.TipsStored, c.ReceiptsDelivered, c.ReceiptsDistinct)
	}
	if c.OutboxRows == 0 || c.OutboxNotSent != 0 || c.ChatsMismatched != 0 {
		t.Errorf("outbox %d rows, %d not sent, %d chats differ", c.OutboxRows, c.OutboxNotSent, c.ChatsMismatched)
	}
	if res.StatusChecks != 10 {
		t.Errorf("%d status checks, want 10", res.StatusChecks)
	}
	if res.Accepted < res.Updates || res.Latency.Count < res.Updates {
		t.Errorf("%d updates posted, %d accepted, %d timed", res.Updates, res.Accepted, res.Latency.Count)
	}
}

// BenchmarkIntake runs a short webhook load and reports intake throughput and
// the p99 from update received to reply written.
func BenchmarkIntake(b *testing.B) {
	db := pgtest.DB(b)
	var res loadtest.Result
	for b.Loop() {
		var err error
		res, err = loadtest.Run(b.Context(), db, loadtest.Options{Citizens: 50, TipsPerCitizen: 1})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Check.OK {
			b.Fatalf("checks failed: %v", res.Check.Problems)
		}
	}
	b.ReportMetric(res.IntakeRate, "updates/s")
	b.ReportMetric(res.Latency.P99, "p99-ms")
	b.ReportMetric(res.TipRate, "tips/s")
}
