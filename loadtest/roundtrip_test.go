package loadtest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/loadtest"
)

// BenchmarkRoundTrip measures update → reply delivered at the Bot API in a
// closed loop, for Tipline and, in the same run, a do-nothing echo bot
// through the same emulator; ratio is Tipline's replies a second over the
// echo bot's.
func BenchmarkRoundTrip(b *testing.B) {
	db := pgtest.DB(b)
	for _, mode := range []string{"polling", "webhook"} {
		for _, citizens := range []int{5, 50} {
			b.Run(fmt.Sprintf("%s/%d", mode, citizens), func(b *testing.B) {
				opts := loadtest.Options{Citizens: citizens, Mode: mode, Loop: true, Duration: 5 * time.Second}
				var res loadtest.Result
				var echo loadtest.EchoResult
				for b.Loop() {
					var err error
					if echo, err = loadtest.Echo(b.Context(), opts); err != nil {
						b.Fatal(err)
					}
					if res, err = loadtest.Run(b.Context(), db, opts); err != nil {
						b.Fatal(err)
					}
					if !res.Check.OK {
						b.Fatalf("checks failed: %v", res.Check.Problems)
					}
				}
				rate := float64(res.RoundTrip.Count) / res.ActiveSeconds
				b.ReportMetric(rate, "replies/s")
				b.ReportMetric(res.RoundTrip.P50, "p50-ms")
				b.ReportMetric(res.RoundTrip.P99, "p99-ms")
				b.ReportMetric(echo.Rate, "echo-replies/s")
				b.ReportMetric(echo.RoundTrip.P50, "echo-p50-ms")
				b.ReportMetric(echo.RoundTrip.P99, "echo-p99-ms")
				b.ReportMetric(rate/echo.Rate, "ratio")
			})
		}
	}
}
