package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// JobInfo is one line of `tipline jobs list`.
type JobInfo struct {
	Name     string
	Schedule string
	Next     time.Time
	// The latest run; zero when the job never ran.
	LastStart    time.Time
	LastEnd      time.Time
	LastState    string // running | done | failed
	LastLate     bool
	LastFinished *time.Time
	LastError    string
	Attempts     int
}

// List reports each job's schedule, next fire and latest run.
func (s *Scheduler) List(ctx context.Context) ([]JobInfo, error) {
	now := s.now()
	var out []JobInfo
	for _, j := range s.jobs {
		info := JobInfo{Name: j.name, Schedule: j.sched.spec, Next: j.sched.Next(now).In(s.loc)}
		var last struct {
			Start, End time.Time
			State      string
			Late       bool
			Finished   *time.Time
			Err        sql.NullString
			Attempts   int
		}
		err := s.db.QueryRowContext(ctx, `
			SELECT period_start, period_end, state, late, finished_at, last_error, attempts
			  FROM job_runs WHERE job = $1 ORDER BY period_start DESC LIMIT 1`, j.name).
			Scan(&last.Start, &last.End, &last.State, &last.Late, &last.Finished, &last.Err, &last.Attempts)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("jobs: unable to read the last run of %s: %w", j.name, err)
		default:
			info.LastStart, info.LastEnd = last.Start.In(s.loc), last.End.In(s.loc)
			info.LastState, info.LastLate, info.LastFinished = last.State, last.Late, last.Finished
			info.LastError, info.Attempts = last.Err.String, last.Attempts
		}
		out = append(out, info)
	}
	return out, nil
}

// DigestRun is one stored digest and what became of its deliveries.
type DigestRun struct {
	ID          int64
	Job         string
	PeriodStart time.Time
	PeriodEnd   time.Time
	Late        bool
	CreatedAt   time.Time
	// The chat text in each language, as stored when the digest was built.
	TextZh     string
	TextEn     string
	Deliveries []Delivery
}

// Delivery is a digest's delivery on one channel to one target (an office
// chat id or an officer's address).
type Delivery struct {
	Channel   string     `db:"channel"`
	Target    string     `db:"target"`
	State     string     `db:"state"`
	Attempts  int        `db:"attempts"`
	LastError *string    `db:"last_error"`
	SentAt    *time.Time `db:"sent_at"`
	DigestID  int64      `db:"digest_id"`
}

// History lists the latest digests, newest period first, with their chat
// texts (a few KB each) but not the HTML or CSV, which only a resend needs.
func (s *Scheduler) History(ctx context.Context, limit int) ([]DigestRun, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var runs []struct {
		ID        int64     `db:"id"`
		Job       string    `db:"job"`
		Start     time.Time `db:"period_start"`
		End       time.Time `db:"period_end"`
		Late      bool      `db:"late"`
		CreatedAt time.Time `db:"created_at"`
		TextZh    string    `db:"text_zh"`
		TextEn    string    `db:"text_en"`
	}
	if err := s.db.SelectContext(ctx, &runs, `
		SELECT id, job, period_start, period_end, late, created_at, text_zh, text_en FROM digests
		 ORDER BY period_start DESC, id DESC LIMIT $1`, limit); err != nil {
		return nil, fmt.Errorf("jobs: unable to list digests: %w", err)
	}
	ids := make([]int64, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	var ds []Delivery
	if err := s.db.SelectContext(ctx, &ds, `
		SELECT digest_id, channel, target, state, attempts, last_error, sent_at FROM digest_deliveries
		 WHERE digest_id = ANY($1) ORDER BY id`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("jobs: unable to list deliveries: %w", err)
	}
	byDigest := map[int64][]Delivery{}
	for _, d := range ds {
		byDigest[d.DigestID] = append(byDigest[d.DigestID], d)
	}
	out := make([]DigestRun, len(runs))
	for i, r := range runs {
		out[i] = DigestRun{ID: r.ID, Job: r.Job, PeriodStart: r.Start.In(s.loc), PeriodEnd: r.End.In(s.loc),
			Late: r.Late, CreatedAt: r.CreatedAt, TextZh: r.TextZh, TextEn: r.TextEn, Deliveries: byDigest[r.ID]}
	}
	return out, nil
}
