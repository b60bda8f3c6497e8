package loadtest_test

import (
	"errors"
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

// TestLoadOpenLoop offers messages at a fixed rate for a second and checks
// that every offered update was processed and timed from its offer.
func TestLoadOpenLoop(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	res, err := loadtest.Run(t.Context(), db, loadtest.Options{Citizens: 10, Rate: 40, Duration: time.Second, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	_ = res.WriteTable(&table)
	t.Log("\n" + table.String())
	if !res.Check.OK {
		t.Fatalf("checks failed:\n%s", table.String())
	}
	// 40 a second for a second, each citizen's first post at n/40 s: about
	// 40, never none and never a burst's worth.
	if res.Updates < 10 || res.Updates > 60 {
		t.Errorf("%d updates offered at 40/s for 1 s", res.Updates)
	}
	if res.Processed != res.Updates || res.FromOffer.Count != res.Updates || res.Latency.Count != res.Updates {
		t.Errorf("%d offered, %d processed, %d timed from the offer, %d from receipt",
			res.Updates, res.Processed, res.FromOffer.Count, res.Latency.Count)
	}
	if res.Check.InboxDone != res.Updates || res.Check.OutboxNotSent != 0 {
		t.Errorf("inbox %d done of %d; outbox %d not sent", res.Check.InboxDone, res.Updates, res.Check.OutboxNotSent)
	}
	if _, err := loadtest.Run(t.Context(), db, loadtest.Options{Rate: 1, Burst: 1}); !errors.Is(err, loadtest.ErrFlow) {
		t.Errorf("burst and rate together: %v, want ErrFlow", err)
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
