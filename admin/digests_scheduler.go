package admin

import (
	"context"
	"time"

	"github.com/tipline/tipline/jobs"
)

// SchedulerDigests lets the digests page read a scheduler's stored runs and
// build previews; serve wires it when the replica runs jobs.
func SchedulerDigests(s *jobs.Scheduler) DigestSource { return schedulerDigests{s} }

type schedulerDigests struct{ s *jobs.Scheduler }

func (d schedulerDigests) History(ctx context.Context, limit int) ([]DigestRun, error) {
	runs, err := d.s.History(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]DigestRun, 0, len(runs))
	for _, r := range runs {
		run := DigestRun{ID: r.ID, Job: r.Job, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, Late: r.Late,
			CreatedAt: r.CreatedAt, TextZh: r.TextZh, TextEn: r.TextEn}
		for _, x := range r.Deliveries {
			dl := DigestDelivery{Channel: x.Channel, Target: x.Target, State: x.State, Attempts: x.Attempts, SentAt: x.SentAt}
			if x.LastError != nil {
				dl.LastError = *x.LastError
			}
			run.Deliveries = append(run.Deliveries, dl)
		}
		out = append(out, run)
	}
	return out, nil
}

func (d schedulerDigests) Preview(ctx context.Context, at time.Time, weekly bool) (DigestPreview, error) {
	p, err := d.s.Preview(ctx, at, weekly)
	if err != nil {
		return DigestPreview{}, err
	}
	return DigestPreview{Job: p.Job, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd, TextZh: p.TextZh, TextEn: p.TextEn}, nil
}
