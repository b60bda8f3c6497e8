// Package jobs owns Tipline's scheduled work: the daily and weekly digests for
// the office, deadline alerts and the retention purge, with their tables
// job_runs, digests, digest_deliveries and deadline_alerts.
//
// Every replica runs the same cron schedule, and each period of each job runs
// once across all of them:
//
//	tick (or start-up catch-up)
//	   │ period = [previous fire, this fire), computed from the schedule
//	   ▼
//	INSERT INTO job_runs (job, period_start, …) ON CONFLICT DO NOTHING
//	   │ inserted: this replica owns the run, with a lease
//	   │ conflict: someone else has it — unless its lease ran out:
//	   │           UPDATE … WHERE state='running' AND lease_until < now()
//	   ▼
//	work (renewing the lease) ──▶ done
//	   │ error: lease_until = now + backoff, so a later alert tick on any
//	   ▼        replica takes the run over and tries again
//
// A lock alone would not do: with clock skew two replicas could each see the
// period as theirs at different moments; the row is the period's one claim.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/robfig/cron/v3"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

// The jobs, as named in job_runs and by `tipline jobs list`.
const (
	JobDailyDigest  = "digest_daily"
	JobWeeklyDigest = "digest_weekly"
	JobAlerts       = "alerts"
	JobPurge        = "purge"
)

// Deps are what the scheduler needs; Now and Mailer are optional.
type Deps struct {
	Config *config.Config
	DB     *sqlx.DB
	Queue  *queue.Store
	Log    *slog.Logger
	// Now is the clock; nil means time.Now and the database's now() for leases.
	Now func() time.Time
	// Mailer sends emailed digests; nil means SMTP from Config.SMTP.
	Mailer Mailer
}

// tipSource is what the jobs read of the triage queue (*queue.Store).
type tipSource interface {
	Stats(ctx context.Context, from, to time.Time) (queue.Stats, error)
	CountNew(ctx context.Context, from, to time.Time) (int, error)
	UrgentTips(ctx context.Context, from, to time.Time, limit int) ([]queue.Tip, error)
	OverdueTips(ctx context.Context, now time.Time, limit int) ([]queue.Tip, error)
	EachReport(ctx context.Context, from, to time.Time, fn func(queue.Tip) error) error
	Purge(ctx context.Context, now time.Time, batch int) (queue.PurgeResult, error)
	RewardDeadlines(ctx context.Context, now time.Time, within time.Duration) ([]queue.Tip, error)
	ExistingTips(ctx context.Context, ids []int64) ([]int64, error)
	UnclaimedUrgent(ctx context.Context, before time.Time, limit int) ([]queue.Tip, error)
	TownStats(ctx context.Context, p queue.Period) ([]queue.TownRow, error)
	TownListings(ctx context.Context) ([]queue.TownListing, error)
}

// Scheduler runs the jobs of one replica.
type Scheduler struct {
	cfg    *config.Config
	db     *sqlx.DB
	tips   tipSource
	log    *slog.Logger
	mailer Mailer
	loc    *time.Location
	owner  string
	// clock is the injected clock, nil in production (then SQL uses now()).
	clock func() time.Time
	jobs  []job

	// afterClaim, when set by tests, runs right after a run is claimed.
	afterClaim func(ctx context.Context, job string)
}

type job struct {
	name  string
	sched schedule
	// run does the work of a claimed period and returns what job_runs.result records.
	run func(ctx context.Context, r *run) (any, error)
}

// ErrPeriodOpen is returned when a digest is asked for a period not over yet.
var ErrPeriodOpen = errors.New("jobs: the period is not over yet")

// ErrUnknownJob is returned for a job name that is not scheduled.
var ErrUnknownJob = errors.New("jobs: no such job")

// New parses the schedules and prepares the scheduler.
func New(d Deps) (*Scheduler, error) {
	if d.Config == nil || d.DB == nil || d.Queue == nil {
		return nil, errors.New("jobs: Config, DB and Queue are required")
	}
	s := &Scheduler{cfg: d.Config, db: d.DB, tips: d.Queue, log: d.Log, mailer: d.Mailer, clock: d.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.loc = d.Config.Location
	if s.loc == nil {
		loc, err := time.LoadLocation(orDefault(d.Config.Timezone, "Asia/Shanghai"))
		if err != nil {
			return nil, fmt.Errorf("jobs: unable to load time zone: %w", err)
		}
		s.loc = loc
	}
	if s.mailer == nil {
		s.mailer = NewSMTPMailer(d.Config.SMTP)
	}
	host, _ := os.Hostname()
	var r [4]byte
	_, _ = rand.Read(r[:])
	s.owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(r[:]))

	specs := []struct {
		name, spec, def string
		run             func(ctx context.Context, r *run) (any, error)
	}{
		{JobDailyDigest, d.Config.Digest.Daily, "0 8 * * *", s.runDigest},
		{JobWeeklyDigest, d.Config.Digest.Weekly, "0 8 * * 1", s.runDigest},
		{JobAlerts, d.Config.Jobs.Alerts, "*/5 * * * *", s.runAlerts},
		{JobPurge, d.Config.Jobs.Purge, "30 3 * * *", s.runPurge},
	}
	for _, sp := range specs {
		sc, err := parseSchedule(orDefault(sp.spec, sp.def), s.loc)
		if err != nil {
			return nil, fmt.Errorf("jobs: %s: %w", sp.name, err)
		}
		s.jobs = append(s.jobs, job{name: sp.name, sched: sc, run: sp.run})
	}
	return s, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (s *Scheduler) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// sqlNow is the time SQL compares leases with: the injected clock in tests,
// otherwise nil so that the database's now() is the one clock all replicas share.
func (s *Scheduler) sqlNow() *time.Time {
	if s.clock == nil {
		return nil
	}
	t := s.clock()
	return &t
}

func (s *Scheduler) job(name string) (job, error) {
	for _, j := range s.jobs {
		if j.name == name {
			return j, nil
		}
	}
	return job{}, fmt.Errorf("jobs: %q: %w", name, ErrUnknownJob)
}

// Run catches up on what was missed while no replica ran, then runs the jobs
// on their schedules until ctx is done, and waits for running jobs to finish.
func (s *Scheduler) Run(ctx context.Context) error {
	s.catchUp(ctx)
	c := cron.New(cron.WithLocation(s.loc), cron.WithChain(cron.Recover(cron.DefaultLogger)))
	for _, j := range s.jobs {
		c.Schedule(j.sched, cron.FuncJob(func() { s.tick(ctx, j) }))
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// catchUp runs each job's latest period if no replica has (the digest of the
// last missed period is sent once, marked late; older ones are not), and
// takes over runs whose owner died.
func (s *Scheduler) catchUp(ctx context.Context) {
	s.recover(ctx)
	for _, j := range s.jobs {
		s.tick(ctx, j)
	}
}

// tick runs the period that ended at the latest fire of j's schedule. The
// period comes from the schedule, not from when the tick happened to fire.
func (s *Scheduler) tick(ctx context.Context, j job) {
	if j.name == JobAlerts {
		// Alert ticks also retry failed runs and take over abandoned ones.
		defer s.recover(ctx)
	}
	p, err := j.sched.Latest(s.now())
	if err != nil {
		s.log.Error("jobs: no period", "job", j.name, "err", err)
		return
	}
	if err := s.runPeriod(ctx, j, p); err != nil && ctx.Err() == nil {
		s.log.Error("jobs: run failed", "job", j.name, "period_start", p.Start, "err", err)
	}
}
