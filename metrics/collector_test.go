package metrics

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tipline/tipline/internal/pgtest"
)

// scrape serves reg over real HTTP and returns the text exposition.
func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape answered %d: %s", resp.StatusCode, b)
	}
	return string(b)
}

// expectLines fails for each wanted line missing from the exposition.
func expectLines(t *testing.T, out string, want ...string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		lines[l] = true
	}
	for _, w := range want {
		if !lines[w] {
			t.Errorf("scrape lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", out)
	}
}

// addTips inserts n tips of a kind in a state, with deadlines relative to now.
func addTips(t *testing.T, db *sqlx.DB, n int, kind, state string, triageDue, feedbackDue time.Duration) {
	t.Helper()
	const q = `
		INSERT INTO tips (kind, receipt_hash, reporter_ref, category, occurred, description, search, state,
		                  priority, suggested_priority, triage_due, feedback_due, contact_mode, forwarded_unit,
		                  resolution, closed_at)
		SELECT $1, sha256(gen_random_uuid()::text::bytea), sha256(g::text::bytea),
		       'selling', 'today', 'fixture', ''::tsvector, $2, 3, 3,
		       now() + $3 * interval '1 second', now() + $4 * interval '1 second', 'code',
		       CASE WHEN $2 = 'forwarded' THEN '湘乡市公安局' END,
		       CASE WHEN $2 = 'closed' THEN 'actioned' END,
		       CASE WHEN $2 = 'closed' THEN now() END
		  FROM generate_series(1, $5) g`
	if _, err := db.Exec(q, kind, state, triageDue.Seconds(), feedbackDue.Seconds(), n); err != nil {
		t.Fatal(err)
	}
}

func TestCollectorReadsTheDatabase(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	// Tips: 3 new (2 past triage), 1 in review, 2 forwarded (1 past feedback),
	// 1 help question, 4 closed (not depth, and never overdue).
	addTips(t, db, 2, "report", "new", -time.Hour, 0)
	addTips(t, db, 1, "report", "new", time.Hour, 0)
	addTips(t, db, 1, "report", "in_review", time.Hour, 0)
	addTips(t, db, 1, "report", "forwarded", -time.Hour, -time.Hour)
	addTips(t, db, 1, "report", "forwarded", -time.Hour, time.Hour)
	addTips(t, db, 1, "help", "new", -time.Hour, 0)
	addTips(t, db, 4, "report", "closed", -time.Hour, -time.Hour)

	finished := time.Date(2026, 11, 27, 23, 0, 5, 0, time.UTC)
	mustExec(t, db, `
		INSERT INTO job_runs (job, period_start, period_end, state, owner, lease_until, finished_at) VALUES
		 ('daily_digest', '2026-11-25 16:00Z', '2026-11-26 16:00Z', 'done', 'a', now(), $1::timestamptz - interval '1 day'),
		 ('daily_digest', '2026-11-26 16:00Z', '2026-11-27 16:00Z', 'done', 'a', now(), $1),
		 ('daily_digest', '2026-11-27 16:00Z', '2026-11-28 16:00Z', 'failed', 'a', now(), NULL),
		 ('purge', '2026-11-27 16:00Z', '2026-11-28 16:00Z', 'running', 'b', now(), NULL)`, finished)
	mustExec(t, db, `
		INSERT INTO bot_inbox (update_id, chat_key, payload_sealed, state) VALUES
		 (1, 'k1', '\x00', 'parked'), (2, 'k1', '\x00', 'parked'), (3, 'k2', '\x00', 'pending'), (4, 'k2', NULL, 'done')`)
	mustExec(t, db, `
		INSERT INTO outbox (chat_id, chat_key, kind, payload, state) VALUES
		 (-100, 'office:-100', 'text', '{}', 'dead'), (-100, 'office:-100', 'text', '{}', 'pending'),
		 (-100, 'office:-100', 'text', '{}', 'sent')`)

	reg := prometheus.NewRegistry()
	reg.MustRegister(NewCollector(db))
	out := scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	expectLines(t, out,
		`tipline_metrics_database_up 1`,
		`tipline_queue_tips{kind="report",state="new"} 3`,
		`tipline_queue_tips{kind="report",state="in_review"} 1`,
		`tipline_queue_tips{kind="report",state="needs_info"} 0`,
		`tipline_queue_tips{kind="report",state="forwarded"} 2`,
		`tipline_queue_overdue{deadline="triage"} 2`,
		`tipline_queue_overdue{deadline="feedback"} 1`,
		`tipline_job_runs_total{job="daily_digest",state="done"} 2`,
		`tipline_job_runs_total{job="daily_digest",state="failed"} 1`,
		`tipline_job_runs_total{job="purge",state="running"} 1`,
		`tipline_job_last_success_timestamp_seconds{job="daily_digest"} `+strconv.FormatFloat(float64(finished.Unix()), 'g', -1, 64),
		`tipline_bot_inbox_parked 2`,
		`tipline_outbox_dead 1`,
	)
	if strings.Contains(out, `kind="help"`) {
		t.Error("help questions are counted without the office opting in")
	}
	if strings.Contains(out, `state="closed"`) {
		t.Error("closed tips are reported as queue depth")
	}
	if strings.Contains(out, `tipline_job_last_success_timestamp_seconds{job="purge"}`) {
		t.Error("a job that never succeeded has a last success")
	}
}

// TestCollectorCountsHelpQuestionsOnlyWhenAsked: the open help questions are
// a series of their own only with WithHelpQuestions, and never add to the reports'.
func TestCollectorCountsHelpQuestionsOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	addTips(t, db, 2, "report", "new", time.Hour, 0)
	addTips(t, db, 3, "help", "new", time.Hour, 0)
	addTips(t, db, 1, "help", "in_review", time.Hour, 0)

	reg := prometheus.NewRegistry()
	reg.MustRegister(NewCollector(db, WithHelpQuestions()))
	out := scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	expectLines(t, out,
		`tipline_queue_tips{kind="report",state="new"} 2`,
		`tipline_queue_tips{kind="help",state="new"} 3`,
		`tipline_queue_tips{kind="help",state="in_review"} 1`,
		`tipline_queue_tips{kind="help",state="forwarded"} 0`,
	)

	reg = prometheus.NewRegistry()
	reg.MustRegister(NewCollector(db))
	out = scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	expectLines(t, out, `tipline_queue_tips{kind="report",state="new"} 2`)
	if strings.Contains(out, `kind="help"`) {
		t.Errorf("help questions reported without WithHelpQuestions:\n%s", out)
	}
}

// TestCollectorCountsReportsByChannel: the reports of the last 24 hours by
// channel are what SQL counts; older reports and help questions are not
// among them, and a channel without reports reads 0.
func TestCollectorCountsReportsByChannel(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	addTips(t, db, 3, "report", "new", time.Hour, 0)
	addTips(t, db, 2, "report", "closed", time.Hour, 0)
	mustExec(t, db, `UPDATE tips SET channel = 'web' WHERE id IN (SELECT id FROM tips ORDER BY id LIMIT 2)`)
	addTips(t, db, 4, "report", "new", time.Hour, 0)
	mustExec(t, db, `UPDATE tips SET created_at = now() - interval '25 hours' WHERE id IN (SELECT id FROM tips ORDER BY id DESC LIMIT 4)`)
	addTips(t, db, 1, "help", "new", time.Hour, 0)
	mustExec(t, db, `UPDATE tips SET channel = 'web' WHERE kind = 'help'`)

	var want []struct {
		Channel string `db:"channel"`
		N       int    `db:"n"`
	}
	if err := db.Select(&want, `
		SELECT channel, count(*) AS n FROM tips
		 WHERE kind = 'report' AND created_at >= now() - interval '24 hours' GROUP BY channel ORDER BY channel`); err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 || want[0].N != 3 || want[1].N != 2 {
		t.Fatalf("the fixture is not what the test means: %+v", want)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewCollector(db))
	out := scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	var lines []string
	for _, w := range want {
		lines = append(lines, fmt.Sprintf(`tipline_reports_received_24h{channel=%q} %d`, w.Channel, w.N))
	}
	expectLines(t, out, lines...)

	empty := pgtest.DB(t)
	reg = prometheus.NewRegistry()
	reg.MustRegister(NewCollector(empty))
	out = scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	expectLines(t, out, `tipline_reports_received_24h{channel="telegram"} 0`, `tipline_reports_received_24h{channel="web"} 0`)
}

func TestCollectorSaysWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewCollector(db))
	out := scrape(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	expectLines(t, out, `tipline_metrics_database_up 0`)
	if strings.Contains(out, "tipline_queue_tips") {
		t.Error("queue series reported without a database")
	}
}

func mustExec(t *testing.T, db *sqlx.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}
