package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tipline/tipline/queue"
)

// scrapeTimeout bounds the query of one scrape: a slow database must not pile
// up scrapes, and Prometheus's own timeout is 10 s by default.
const scrapeTimeout = 3 * time.Second

var (
	tipsDesc = prometheus.NewDesc("tipline_queue_tips",
		"Open tips (not closed) by kind (report; help only where the office opted in) and state.", []string{"kind", "state"}, nil)
	receivedDesc = prometheus.NewDesc("tipline_reports_received_24h",
		"Reports received in the last 24 hours by channel (telegram, web, …): a channel at 0 while the others are not may be down.",
		[]string{"channel"}, nil)
	overdueDesc = prometheus.NewDesc("tipline_queue_overdue",
		"Reports past a deadline: triage (new, in review, needs info past triage_due) or feedback (forwarded past feedback_due).",
		[]string{"deadline"}, nil)
	jobRunsDesc = prometheus.NewDesc("tipline_job_runs_total",
		"Scheduled periods by job and the state of their run (running, done, failed); a failed period that succeeds on retry moves to done.",
		[]string{"job", "state"}, nil)
	jobSuccessDesc = prometheus.NewDesc("tipline_job_last_success_timestamp_seconds",
		"When the latest successful run of a job finished (Unix time).", []string{"job"}, nil)
	parkedDesc = prometheus.NewDesc("tipline_bot_inbox_parked",
		"Updates that failed bot.max_attempts times and wait for an operator (admin: health page).", nil, nil)
	deadDesc = prometheus.NewDesc("tipline_outbox_dead",
		"Outbox messages given up on (blocked by the reporter, refused by Telegram).", nil, nil)
	upDesc = prometheus.NewDesc("tipline_metrics_database_up",
		"1 if this scrape could read the database, 0 if not (the other tipline_queue_*, tipline_job_* series are then missing).", nil, nil)
)

// openStates are the states counted as queue depth; closed tips only grow and
// are not depth.
var openStates = []string{"new", "in_review", "needs_info", "forwarded"}

// channels are the channels a report comes through, each reported even at 0
// so that an alert on a silent channel has a series to read; a channel added
// later shows once it has a report.
var channels = []string{"telegram", "web"}

// collector reads the database at each scrape.
type collector struct {
	db   *sqlx.DB
	log  *slog.Logger
	help bool
}

// Option changes what the collector reports.
type Option func(*collector)

// WithHelpQuestions adds the open help questions by state
// (tipline_queue_tips{kind="help"}). They are left out unless asked for:
// /metrics answers whoever reaches it, without a login, and even a count of
// people asking counsellors for help, day by day, is for the counsellors'
// service to publish, not for every scraper of the server.
func WithHelpQuestions() Option { return func(c *collector) { c.help = true } }

// NewCollector returns the collector of the queue, jobs, inbox and outbox
// series, for a registry of the caller's (tests, a second registry).
func NewCollector(db *sqlx.DB, opts ...Option) prometheus.Collector {
	c := &collector{db: db, log: slog.Default().With("component", "metrics")}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Register adds the database collector to the default registry, which
// promhttp.Handler serves. It fails if called twice.
func Register(db *sqlx.DB, opts ...Option) error {
	if err := prometheus.Register(NewCollector(db, opts...)); err != nil {
		return fmt.Errorf("metrics: unable to register the database collector: %w", err)
	}
	return nil
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{tipsDesc, receivedDesc, overdueDesc, jobRunsDesc, jobSuccessDesc, parkedDesc, deadDesc, upDesc} {
		ch <- d
	}
}

// sample is one row of the scrape query: a series, up to two label values and
// its value.
type sample struct {
	Series string  `db:"series"`
	A      string  `db:"a"`
	B      string  `db:"b"`
	Value  float64 `db:"v"`
}

// The tables belong to queue, jobs, bot and outbox; this statement only reads
// them, in one round trip, because a scrape must stay cheap. Each part follows
// its owner's definition (queue.OverdueTips, inbox.Stats, outbox.ReadStats)
// and uses that owner's partial indexes where there is one.
var scrapeQuery = `
	SELECT 'tips' AS series, kind AS a, state AS b, count(*)::float8 AS v
	  FROM tips WHERE state <> 'closed' AND (kind = 'report' OR $1) GROUP BY kind, state
	UNION ALL
	SELECT 'received', channel, '', count(*)
	  FROM tips WHERE kind = 'report' AND created_at >= now() - interval '24 hours' GROUP BY channel
	UNION ALL
	SELECT 'overdue', 'triage', '', count(*)
	  FROM tips WHERE kind = 'report' AND ` + queue.TriageLateSQL("", "now()") + `
	UNION ALL
	SELECT 'overdue', 'feedback', '', count(*)
	  FROM tips WHERE kind = 'report' AND ` + queue.FeedbackLateSQL("", "now()") + `
	UNION ALL
	SELECT 'job_runs', job, state, count(*) FROM job_runs GROUP BY job, state
	UNION ALL
	SELECT 'job_success', job, '', extract(epoch FROM max(finished_at))::float8
	  FROM job_runs WHERE state = 'done' AND finished_at IS NOT NULL GROUP BY job
	UNION ALL
	SELECT 'parked', '', '', count(*) FROM bot_inbox WHERE state = 'parked'
	UNION ALL
	SELECT 'dead', '', '', count(*) FROM outbox WHERE state = 'dead'`

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	var rows []sample
	if err := c.db.SelectContext(ctx, &rows, scrapeQuery, c.help); err != nil {
		c.log.Warn("metrics: unable to read the database", "err", err)
		ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	// Every open state of each kind reported is there, 0 when empty, so an
	// alert on a state has a series to read.
	kinds := []string{"report"}
	if c.help {
		kinds = append(kinds, "help")
	}
	received := map[string]float64{}
	for _, ch := range channels {
		received[ch] = 0
	}
	tips := map[[2]string]float64{}
	for _, kind := range kinds {
		for _, st := range openStates {
			tips[[2]string{kind, st}] = 0
		}
	}
	for _, r := range rows {
		switch r.Series {
		case "tips":
			tips[[2]string{r.A, r.B}] = r.Value
		case "received":
			received[r.A] = r.Value
		case "overdue":
			ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, r.Value, r.A)
		case "job_runs":
			ch <- prometheus.MustNewConstMetric(jobRunsDesc, prometheus.GaugeValue, r.Value, r.A, r.B)
		case "job_success":
			ch <- prometheus.MustNewConstMetric(jobSuccessDesc, prometheus.GaugeValue, r.Value, r.A)
		case "parked":
			ch <- prometheus.MustNewConstMetric(parkedDesc, prometheus.GaugeValue, r.Value)
		case "dead":
			ch <- prometheus.MustNewConstMetric(deadDesc, prometheus.GaugeValue, r.Value)
		}
	}
	for k, v := range tips {
		ch <- prometheus.MustNewConstMetric(tipsDesc, prometheus.GaugeValue, v, k[0], k[1])
	}
	for c, v := range received {
		ch <- prometheus.MustNewConstMetric(receivedDesc, prometheus.GaugeValue, v, c)
	}
}
