package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipline/tipline/audit"
)

// Three replicas waking at once deliver each period's digest once.
func TestThreeReplicasOneDigest(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Digest.Emails = []string{"duty@jdb.example.cn"}
	b.submit(t, nil)
	replicas := []*Scheduler{b.scheduler(t), b.scheduler(t), b.scheduler(t)}
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location), // the tick
		time.Date(2026, 11, 21, 8, 0, 3, 0, b.cfg.Location), // a replica whose clock runs late
		time.Date(2026, 11, 22, 8, 0, 0, 0, b.cfg.Location), // the next day
	} {
		b.clock.Set(at)
		var wg sync.WaitGroup
		for _, s := range replicas {
			wg.Go(func() { s.tick(ctx, mustJob(t, s, JobDailyDigest)) })
		}
		wg.Wait()
	}
	if n := b.count(t, `SELECT count(*) FROM digests WHERE job = 'digest_daily'`); n != 2 {
		t.Errorf("%d daily digests, want 2 (one per period)", n)
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE kind = 'text' AND lane = 2`); n != 4 {
		t.Errorf("%d digest messages queued, want 4 (2 periods × 2 chats)", n)
	}
	if n := b.mailer.count(); n != 2 {
		t.Errorf("%d digest mails, want 2", n)
	}
	if n := b.count(t, `SELECT count(*) FROM job_runs WHERE job = 'digest_daily' AND state = 'done' AND attempts = 1 AND NOT late`); n != 2 {
		t.Errorf("%d clean runs, want 2", n)
	}
}

func mustJob(t testing.TB, s *Scheduler, name string) job {
	t.Helper()
	j, err := s.job(name)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A replica that dies right after claiming leaves a lease; once it runs out,
// another replica takes the run over and the digest goes out once.
func TestKilledRunIsTakenOver(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.clock.Set(time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location))
	ctx, kill := context.WithCancel(context.Background())
	dying := b.scheduler(t)
	dying.afterClaim = func(context.Context, string) { kill() }
	dying.tick(ctx, mustJob(t, dying, JobDailyDigest))

	var state string
	var attempts int
	if err := b.db.QueryRow(`SELECT state, attempts FROM job_runs WHERE job = 'digest_daily'`).Scan(&state, &attempts); err != nil {
		t.Fatal(err)
	}
	if state != "running" || b.count(t, `SELECT count(*) FROM outbox`) != 0 {
		t.Fatalf("killed run is %s with %d messages queued, want running with none", state, b.count(t, `SELECT count(*) FROM outbox`))
	}

	other := b.scheduler(t)
	other.recover(context.Background()) // lease still held: nothing to take over
	if n := b.count(t, `SELECT count(*) FROM outbox`); n != 0 {
		t.Fatalf("%d messages queued while the lease held", n)
	}
	b.clock.Set(b.clock.Now().Add(b.cfg.Jobs.Lease.D() + time.Second))
	other.recover(context.Background())
	other.recover(context.Background())
	dying.recover(context.Background())
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'digest:digest_daily:%'`); n != 2 {
		t.Errorf("%d digest messages after the takeover, want 2 (one per chat)", n)
	}
	if err := b.db.QueryRow(`SELECT state, attempts FROM job_runs WHERE job = 'digest_daily'`).Scan(&state, &attempts); err != nil {
		t.Fatal(err)
	}
	if state != "done" || attempts != 2 {
		t.Errorf("run is %s after %d attempts, want done after 2", state, attempts)
	}
}

// A failing mail server does not hold up the chats, and the mail is retried
// after a backoff on a later alert tick.
func TestFailedChannelIsRetried(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Digest.Emails = []string{"duty@jdb.example.cn"}
	b.mailer.setFailing(true)
	s := b.scheduler(t)
	ctx := context.Background()
	b.clock.Set(time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location))
	s.tick(ctx, mustJob(t, s, JobDailyDigest))

	if n := b.count(t, `SELECT count(*) FROM digest_deliveries WHERE state = 'sent' AND channel = 'telegram'`); n != 2 {
		t.Errorf("%d chats served while mail failed, want 2", n)
	}
	if n := b.count(t, `SELECT count(*) FROM digest_deliveries WHERE state = 'pending' AND channel = 'email' AND attempts = 1 AND last_error <> ''`); n != 1 {
		t.Errorf("failed mail not recorded as pending with its error")
	}

	b.mailer.setFailing(false)
	b.clock.Set(b.clock.Now().Add(30 * time.Second)) // within the backoff
	s.tick(ctx, mustJob(t, s, JobAlerts))
	if b.mailer.count() != 0 {
		t.Fatal("mail retried before its backoff")
	}
	b.clock.Set(b.clock.Now().Add(5 * time.Minute))
	s.tick(ctx, mustJob(t, s, JobAlerts))
	if b.mailer.count() != 1 {
		t.Fatalf("%d mails after the retry, want 1", b.mailer.count())
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE lane = 2`); n != 2 {
		t.Errorf("the retry queued chats again: %d digest messages, want 2", n)
	}
	if n := b.count(t, `SELECT count(*) FROM job_runs WHERE job = 'digest_daily' AND state = 'done'`); n != 1 {
		t.Error("run not done after the retry")
	}
}

func TestListHistoryResend(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	s := b.scheduler(t)
	b.clock.Set(time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location))
	s.tick(ctx, mustJob(t, s, JobDailyDigest))

	jobs, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 4 || jobs[0].Name != JobDailyDigest || jobs[0].LastState != "done" ||
		!jobs[0].Next.Equal(time.Date(2026, 11, 22, 8, 0, 0, 0, b.cfg.Location)) || jobs[3].LastState != "" {
		t.Errorf("jobs list: %+v", jobs)
	}
	hist, err := s.History(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || len(hist[0].Deliveries) != 2 || hist[0].Deliveries[0].State != "sent" {
		t.Fatalf("history: %+v", hist)
	}
	// The admin's digests page shows what was sent, in both languages.
	if !strings.HasPrefix(hist[0].TextZh, "湘乡市禁毒举报日报") || !strings.HasPrefix(hist[0].TextEn, "Xiangxiang drug tip line: daily digest") {
		t.Errorf("history texts: zh %q, en %q", hist[0].TextZh, hist[0].TextEn)
	}

	if err := s.Resend(ctx, time.Date(2026, 11, 20, 0, 0, 0, 0, b.cfg.Location), false, "zhao.lei"); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE lane = 2`); n != 4 {
		t.Errorf("%d digest messages after a resend, want 4", n)
	}
	if n := b.count(t, `SELECT count(*) FROM digests`); n != 1 {
		t.Errorf("resend stored a second digest (%d)", n)
	}
	entries, err := audit.List(ctx, b.db, audit.Filter{Action: "digest.send"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Username != "zhao.lei" {
		t.Errorf("resend audit: %+v", entries)
	}
	err = s.Resend(ctx, time.Date(2026, 11, 21, 0, 0, 0, 0, b.cfg.Location), false, "zhao.lei")
	if !errors.Is(err, ErrPeriodOpen) {
		t.Errorf("resend of today's open period: %v, want ErrPeriodOpen", err)
	}
}

// Run catches up on start-up (the missed digest once, marked late; purge
// and alerts once) and returns when its context ends.
func TestRunCatchesUpAndStops(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.scheduler(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	// Wait (not a timing assertion) until the four jobs have run.
	for i := 0; b.count(t, `SELECT count(*) FROM job_runs WHERE state = 'done'`) < 4; i++ {
		if i == 1000 {
			t.Fatal("catch-up did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := b.count(t, `SELECT count(*) FROM digests WHERE late`); n != 2 {
		t.Errorf("%d late digests after catch-up, want 2 (daily and weekly)", n)
	}
	if n := b.count(t, `SELECT count(*) FROM job_runs`); n != 4 {
		t.Errorf("%d runs after catch-up, want 4 (one per job)", n)
	}
}
