package loadtest

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Targets of the issue, on a 2-core machine.
const (
	TargetUpdatesPerSecond = 1000
	TargetP99Millis        = 100
	TargetShareOfLimit     = 0.95
)

// WriteTable prints the result as one table, with the targets beside the
// figures they judge.
func (r Result) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	limits := "lifted"
	if r.EnforceLimits {
		limits = "enforced (30/s overall, 1/s per chat)"
	}
	row := func(name, value, target string) { fmt.Fprintf(tw, "%s\t%s\t%s\n", name, value, target) }
	judge := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	flow := fmt.Sprintf("%d tips", r.TipsPerCitizen)
	if r.Burst > 0 {
		flow = fmt.Sprintf("a burst of %d messages", r.Burst)
	}
	if r.Rate > 0 {
		flow = fmt.Sprintf("messages offered at %d/s in all for %.0fs", r.Rate, r.Duration)
	}
	row("run", fmt.Sprintf("%s, %d citizens × %s, %d workers, limits %s", r.Mode, r.Citizens, flow, r.Workers, limits), "")
	row("time", fmt.Sprintf("%.1fs citizens active, %.1fs until drained", r.ActiveSeconds, r.TotalSeconds), "")
	row("", "", "")
	row("MEASURE", "VALUE", "TARGET")
	intake := fmt.Sprintf("%.0f/s (%d accepted, %d refused)", r.IntakeRate, r.Accepted, r.Refused)
	if r.Mode == "polling" {
		intake = fmt.Sprintf("%.0f/s (stored by polling)", r.IntakeRate)
	}
	row("updates accepted by intake", intake, fmt.Sprintf("≥ %d/s: %s", TargetUpdatesPerSecond, judge(r.IntakeRate >= TargetUpdatesPerSecond)))
	row("updates processed", fmt.Sprintf("%.0f/s (%d)", r.ProcessedRate, r.Processed), "")
	row("tips submitted", fmt.Sprintf("%.1f/s (%d), %d status checks", r.TipRate, r.Tips, r.StatusChecks), "")
	from := "webhook request start"
	if r.Mode == "polling" {
		from = "update posted"
	}
	row("received → reply written", fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (from %s, n=%d)",
		r.Latency.P50, r.Latency.P95, r.Latency.P99, r.Latency.Max, from, r.Latency.Count),
		fmt.Sprintf("p99 < %d ms: %s", TargetP99Millis, judge(r.Latency.Count > 0 && r.Latency.P99 < TargetP99Millis)))
	if r.Rate > 0 {
		row("offered → reply written", fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (from the offer to the emulator, n=%d)",
			r.FromOffer.P50, r.FromOffer.P95, r.FromOffer.P99, r.FromOffer.Max, r.FromOffer.Count), "")
	}
	row("  of which waiting", fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  (until the conversation is called)", r.Waited.P50, r.Waited.P95, r.Waited.P99), "")
	row("  of which handling", fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  (the conversation)", r.Handling.P50, r.Handling.P95, r.Handling.P99), "")
	row("citizen round trip", fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  (update posted → answer shown)",
		r.RoundTrip.P50, r.RoundTrip.P95, r.RoundTrip.P99), "")
	d := r.Delivery
	target := ""
	if d.Limit > 0 {
		target = fmt.Sprintf("≥ %.0f%% of %d/s: %s", TargetShareOfLimit*100, d.Limit,
			judge(d.SaturatedSeconds > 0 && d.ShareOfLimit >= TargetShareOfLimit))
	}
	row("delivery while saturated", fmt.Sprintf("%.1f calls/s (%.1f sends/s counted by the limit, rest edits) over %d s = %.0f%% of limit",
		d.CallsPerSecond, d.SendsPerSecond, d.SaturatedSeconds, d.ShareOfLimit*100), target)
	row("429s", fmt.Sprintf("%d seen, %d unhonoured, %d calls to other chats during a pause", d.RateLimited, d.Unhonoured, d.DuringOtherPause),
		"every 429 honoured: "+judge(d.Unhonoured == 0))
	c := r.Check
	row("tips stored / receipts", fmt.Sprintf("%d stored, %d expected, %d receipts delivered opening %d distinct tips",
		c.TipsStored, c.TipsExpected, c.ReceiptsDelivered, c.ReceiptsDistinct), "")
	row("inbox", fmt.Sprintf("%d done, %d not done", c.InboxDone, c.InboxOther), "")
	row("outbox", fmt.Sprintf("%d rows, %d sent, %d not sent; %d chats differ from the outbox", c.OutboxRows, c.OutboxSent, c.OutboxNotSent, c.ChatsMismatched),
		"no message lost: "+judge(c.OK))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range c.Problems {
		if _, err := fmt.Fprintf(w, "problem: %s\n", p); err != nil {
			return err
		}
	}
	return nil
}
