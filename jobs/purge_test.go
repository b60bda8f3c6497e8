package jobs

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"testing"
	"time"

	"github.com/tipline/tipline/audit"
	"github.com/tipline/tipline/queue"
)

// closeAt claims and closes tip id at a given time.
func (b *bundle) closeAt(t testing.TB, by queue.Actor, id int64, res queue.Resolution, at time.Time) {
	t.Helper()
	saved := b.clock.Now()
	b.clock.Set(at)
	defer b.clock.Set(saved)
	ctx := context.Background()
	if _, err := b.store.Claim(ctx, by, id, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Close(ctx, by, id, res, 0, 0); err != nil {
		t.Fatal(err)
	}
}

func TestPurgeFollowsRetention(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	var cid int64
	if err := b.db.QueryRowx(`INSERT INTO officers (username, display_name, role, password_hash)
		VALUES ('chen.jing', 'chen.jing', 'counsellor', 'x') RETURNING id`).Scan(&cid); err != nil {
		t.Fatal(err)
	}
	counsellor := queue.Actor{ID: cid, Username: "chen.jing", Role: queue.RoleCounsellor}

	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, b.cfg.Location)
	spamOld := b.submitAt(t, t0, nil)
	b.closeAt(t, b.officer, spamOld, queue.Spam, t0)
	spamRecent := b.submitAt(t, t0, nil)
	b.closeAt(t, b.officer, spamRecent, queue.Spam, t0.AddDate(0, 0, 10))
	unfounded := b.submitAt(t, t0, nil)
	b.closeAt(t, b.officer, unfounded, queue.Unfounded, t0)
	openOld := b.submitAt(t, t0.AddDate(-2, 0, 0), nil)
	help := b.submitAt(t, t0, func(s *queue.Submission) {
		s.Kind, s.Category = queue.KindHelp, queue.SelfHelpCategory
	})
	b.closeAt(t, counsellor, help, queue.InfoGiven, t0)

	now := t0.AddDate(0, 0, 35) // spam and help are kept 30 days, unfounded a year
	// Outbox rows (sent long ago, sent yesterday, never sent).
	for _, r := range []struct {
		state string
		sent  *time.Time
	}{{"sent", ptr(now.AddDate(0, 0, -40))}, {"sent", ptr(now.AddDate(0, 0, -1))}, {"pending", nil}} {
		if _, err := b.db.Exec(`INSERT INTO outbox (chat_id, chat_key, kind, payload, state, sent_at, created_at)
			VALUES (-5, 'office:-5', 'text', '{}', $1, $2, $3)`, r.state, r.sent, now.AddDate(0, 0, -50)); err != nil {
			t.Fatal(err)
		}
	}

	// Drafts: one silent past its TTL, one still being written.
	for i, exp := range []time.Time{now.Add(-time.Hour), now.Add(time.Hour)} {
		ref := sha256.Sum256([]byte{byte(i)})
		if _, err := b.db.Exec(`INSERT INTO intake_drafts (draft_key, extra, expires_at) VALUES ($1, '{}', $2)`, ref[:], exp); err != nil {
			t.Fatal(err)
		}
	}

	// Alert runs: an old one and a recent one.
	for _, end := range []time.Time{now.AddDate(0, 0, -8), now.Add(-time.Hour)} {
		if _, err := b.db.Exec(`INSERT INTO job_runs (job, period_start, period_end, state, owner, lease_until)
			VALUES ('alerts', $1, $2, 'done', 'test', $2)`, end.Add(-5*time.Minute), end); err != nil {
			t.Fatal(err)
		}
	}

	// Alerts raised: for a tip purged now (long ago and recently) and for a kept one.
	for _, a := range []struct {
		tip      int64
		deadline string
		raised   time.Time
	}{{spamOld, "triage", now.AddDate(0, 0, -30)}, {spamOld, "feedback", now.Add(-time.Hour)}, {unfounded, "triage", now.AddDate(0, 0, -30)}} {
		if _, err := b.db.Exec(`INSERT INTO deadline_alerts (tip_id, deadline, due_at, raised_at) VALUES ($1, $2, $3, $4)`,
			a.tip, a.deadline, t0, a.raised); err != nil {
			t.Fatal(err)
		}
	}

	b.clock.Set(now)
	s := b.scheduler(t)
	s.tick(ctx, mustJob(t, s, JobPurge))

	var left []int64
	if err := b.db.Select(&left, `SELECT id FROM tips ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	want := []int64{spamRecent, unfounded, openOld}
	if len(left) != len(want) || left[0] != want[0] || left[1] != want[1] || left[2] != want[2] {
		t.Errorf("tips left %v, want %v", left, want)
	}
	if n := b.count(t, `SELECT count(*) FROM outbox`); n != 2 {
		t.Errorf("%d outbox rows left, want 2 (recently sent and pending)", n)
	}
	if n := b.count(t, `SELECT count(*) FROM intake_drafts WHERE expires_at > $1`, now); n != 1 || b.count(t, `SELECT count(*) FROM intake_drafts`) != 1 {
		t.Errorf("drafts left: want only the one still being written")
	}
	if n := b.count(t, `SELECT count(*) FROM job_runs WHERE job = 'alerts'`); n != 1 {
		t.Errorf("%d alert runs left, want the recent one", n)
	}
	if n := b.count(t, `SELECT count(*) FROM deadline_alerts WHERE tip_id = $1 AND deadline = 'triage'`, spamOld); n != 0 {
		t.Error("the old alert of a purged tip is still recorded")
	}
	if n := b.count(t, `SELECT count(*) FROM deadline_alerts`); n != 2 {
		t.Errorf("%d alerts recorded, want 2 (the purged tip's recent one and the kept tip's)", n)
	}
	entries, err := audit.List(ctx, b.db, audit.Filter{Action: "purge"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d purge entries in the audit log, want 1", len(entries))
	}
	var detail struct {
		Deleted map[string]int `json:"deleted"`
	}
	if err := json.Unmarshal(entries[0].Detail, &detail); err != nil {
		t.Fatal(err)
	}
	if detail.Deleted["tips"] != 2 || detail.Deleted["outbox"] != 1 || detail.Deleted["drafts"] != 1 {
		t.Errorf("audit says %v, want 2 tips, 1 outbox message and 1 draft", detail.Deleted)
	}

	// The same period again (another replica): nothing runs twice.
	s.tick(ctx, mustJob(t, s, JobPurge))
	if entries, _ := audit.List(ctx, b.db, audit.Filter{Action: "purge"}); len(entries) != 1 {
		t.Errorf("%d purge entries after a second tick, want 1", len(entries))
	}
}

func ptr[T any](v T) *T { return &v }
