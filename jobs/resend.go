package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/tipline/tipline/audit"
)

// Resend sends the digest of the period that starts at or after periodStart
// (a date means that day's digest) to every configured chat and address
// again, on an officer's request; by is who asked, for the audit log. The
// stored digest is reused, or built and stored if the period never had one.
func (s *Scheduler) Resend(ctx context.Context, periodStart time.Time, weekly bool, by string) error {
	j, err := s.job(digestJob(weekly))
	if err != nil {
		return err
	}
	p, err := j.sched.Starting(periodStart)
	if err != nil {
		return err
	}
	if p.End.After(s.now()) {
		return fmt.Errorf("jobs: digest of %s: %w", p.Start.Format(periodLayout), ErrPeriodOpen)
	}
	d, err := s.storeDigest(ctx, j.name, p, false)
	if err != nil {
		return err
	}
	if err := s.addDeliveries(ctx, d.ID); err != nil {
		return err
	}
	// A suffix of its own, so the outbox does not take the resend for a repeat.
	suffix := fmt.Sprintf(":resend:%d", s.now().UnixNano())
	sent, failed, err := s.deliver(ctx, nil, d, suffix, true)
	detail := map[string]any{"job": j.name, "period_start": p.Start, "sent": sent, "failed": failed}
	if aerr := audit.Record(ctx, s.db, nil, by, "digest.send", nil, "cli", detail); aerr != nil {
		return aerr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("jobs: %d of %d digest deliveries failed", failed, sent+failed)
	}
	return nil
}
