package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// lateAfter: a run claimed this long after its fire was caught up, not ticked.
const lateAfter = 5 * time.Minute

// maxAttempts: a run that failed this often is given up and marked failed.
const maxAttempts = 8

// run is a claimed period of a job.
type run struct {
	Job      string
	Period   period
	Attempts int
	Late     bool
}

// lease is how long a claim holds before another replica may take it over.
func (s *Scheduler) lease() time.Duration {
	if d := s.cfg.Jobs.Lease.D(); d > 0 {
		return d
	}
	return 10 * time.Minute
}

// runPeriod claims p for j, or takes it over if its owner's lease ran out,
// and does the work.
func (s *Scheduler) runPeriod(ctx context.Context, j job, p period) error {
	late := s.now().Sub(p.End) > lateAfter
	r, ok, err := s.claim(ctx, j.name, p, late)
	if err != nil {
		return err
	}
	if !ok {
		if r, ok, err = s.takeOver(ctx, j.name, p.Start); err != nil || !ok {
			return err
		}
	}
	return s.execute(ctx, j, r)
}

func (s *Scheduler) claim(ctx context.Context, name string, p period, late bool) (*run, bool, error) {
	const q = `
		INSERT INTO job_runs (job, period_start, period_end, owner, lease_until, late, started_at)
		VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()) + $6 * interval '1 millisecond', $7,
		        coalesce($5::timestamptz, now()))
		ON CONFLICT (job, period_start) DO NOTHING
		RETURNING attempts`
	rows, err := s.db.QueryContext(ctx, q, name, p.Start, p.End, s.owner, s.sqlNow(), s.lease().Milliseconds(), late)
	if err != nil {
		return nil, false, fmt.Errorf("jobs: unable to claim %s: %w", name, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	r := &run{Job: name, Period: p, Late: late}
	if err := rows.Scan(&r.Attempts); err != nil {
		return nil, false, fmt.Errorf("jobs: unable to claim %s: %w", name, err)
	}
	return r, true, nil
}

// takeOver claims a run whose owner stopped renewing its lease: it died, or
// it failed and asked to be retried after a backoff.
func (s *Scheduler) takeOver(ctx context.Context, name string, start time.Time) (*run, bool, error) {
	const q = `
		UPDATE job_runs
		   SET owner = $3, lease_until = coalesce($4::timestamptz, now()) + $5 * interval '1 millisecond',
		       attempts = attempts + 1
		 WHERE job = $1 AND period_start = $2 AND state = 'running'
		   AND lease_until < coalesce($4::timestamptz, now())
		RETURNING period_start, period_end, attempts, late`
	rows, err := s.db.QueryContext(ctx, q, name, start, s.owner, s.sqlNow(), s.lease().Milliseconds())
	if err != nil {
		return nil, false, fmt.Errorf("jobs: unable to take over %s: %w", name, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	r := &run{Job: name}
	if err := rows.Scan(&r.Period.Start, &r.Period.End, &r.Attempts, &r.Late); err != nil {
		return nil, false, fmt.Errorf("jobs: unable to take over %s: %w", name, err)
	}
	r.Period.Start, r.Period.End = r.Period.Start.In(s.loc), r.Period.End.In(s.loc)
	return r, true, nil
}

// recover takes over every run whose lease has run out.
func (s *Scheduler) recover(ctx context.Context) {
	var stale []struct {
		Job   string    `db:"job"`
		Start time.Time `db:"period_start"`
	}
	const q = `
		SELECT job, period_start FROM job_runs
		 WHERE state = 'running' AND lease_until < coalesce($1::timestamptz, now())
		 ORDER BY period_start LIMIT 20`
	if err := s.db.SelectContext(ctx, &stale, q, s.sqlNow()); err != nil {
		if ctx.Err() == nil {
			s.log.Error("jobs: unable to look for abandoned runs", "err", err)
		}
		return
	}
	for _, st := range stale {
		j, err := s.job(st.Job)
		if err != nil {
			continue // a job of another version of Tipline
		}
		r, ok, err := s.takeOver(ctx, st.Job, st.Start)
		if err == nil && ok {
			err = s.execute(ctx, j, r)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("jobs: retry failed", "job", st.Job, "period_start", st.Start, "err", err)
		}
	}
}

// execute does a claimed run and records how it ended.
func (s *Scheduler) execute(ctx context.Context, j job, r *run) error {
	if s.afterClaim != nil {
		s.afterClaim(ctx, j.name)
	}
	result, err := j.run(ctx, r)
	if ctx.Err() != nil {
		// Shutting down (or killed): the lease runs out and another replica,
		// or this one after a restart, takes the run over.
		return errors.Join(err, ctx.Err())
	}
	if err != nil {
		if r.Attempts >= maxAttempts {
			runsTotal.WithLabelValues(r.Job, "failed").Inc()
			s.log.Error("jobs: giving up", "job", r.Job, "period_start", r.Period.Start, "attempts", r.Attempts, "err", err)
			return errors.Join(err, s.finish(ctx, r, "failed", result, err))
		}
		runsTotal.WithLabelValues(r.Job, "retry").Inc()
		retry := s.now().Add(backoff(r.Attempts))
		return errors.Join(err, s.retryAt(ctx, r, retry, err))
	}
	runsTotal.WithLabelValues(r.Job, "done").Inc()
	return s.finish(ctx, r, "done", result, nil)
}

// backoff after the n-th failed attempt: 1, 2, 4 … minutes, at most an hour.
func backoff(n int) time.Duration {
	d := time.Minute << min(max(n-1, 0), 6)
	return min(d, time.Hour)
}

func (s *Scheduler) finish(ctx context.Context, r *run, state string, result any, failure error) error {
	if result == nil {
		result = struct{}{}
	}
	res, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("jobs: unable to encode the result of %s: %w", r.Job, err)
	}
	var msg *string
	if failure != nil {
		m := failure.Error()
		msg = &m
	}
	const q = `
		UPDATE job_runs SET state = $4, result = $5, last_error = $6,
		       finished_at = coalesce($7::timestamptz, now())
		 WHERE job = $1 AND period_start = $2 AND owner = $3 AND state = 'running'`
	if _, err := s.db.ExecContext(ctx, q, r.Job, r.Period.Start, s.owner, state, string(res), msg, s.sqlNow()); err != nil {
		return fmt.Errorf("jobs: unable to finish %s: %w", r.Job, err)
	}
	return nil
}

func (s *Scheduler) retryAt(ctx context.Context, r *run, at time.Time, failure error) error {
	const q = `
		UPDATE job_runs SET lease_until = $4, last_error = $5
		 WHERE job = $1 AND period_start = $2 AND owner = $3 AND state = 'running'`
	if _, err := s.db.ExecContext(ctx, q, r.Job, r.Period.Start, s.owner, at, failure.Error()); err != nil {
		return fmt.Errorf("jobs: unable to schedule a retry of %s: %w", r.Job, err)
	}
	return nil
}

// errLeaseLost: another replica took the run over; this one must stop.
var errLeaseLost = errors.New("jobs: lease lost to another replica")

// renew extends the lease of a long run between its steps.
func (s *Scheduler) renew(ctx context.Context, r *run) error {
	const q = `
		UPDATE job_runs SET lease_until = coalesce($4::timestamptz, now()) + $5 * interval '1 millisecond'
		 WHERE job = $1 AND period_start = $2 AND owner = $3 AND state = 'running'`
	res, err := s.db.ExecContext(ctx, q, r.Job, r.Period.Start, s.owner, s.sqlNow(), s.lease().Milliseconds())
	if err != nil {
		return fmt.Errorf("jobs: unable to renew the lease of %s: %w", r.Job, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errLeaseLost
	}
	return nil
}
