package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

type percentiles struct {
	n             int
	p50, p95, p99 float64 // ms
}

func percentilesOf(ts []time.Duration) percentiles {
	if len(ts) == 0 {
		return percentiles{}
	}
	s := slices.Clone(ts)
	slices.Sort(s)
	at := func(p float64) float64 {
		return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / float64(time.Millisecond)
	}
	return percentiles{n: len(s), p50: at(0.50), p95: at(0.95), p99: at(0.99)}
}

func (p percentiles) String() string {
	return fmt.Sprintf("p50 %.1f · p95 %.1f · p99 %.1f ms", p.p50, p.p95, p.p99)
}

type machine struct {
	cpus     int
	memory   string
	postgres string
	load     string // at the start
	loadEnd  string
}

// report is everything one run measured.
type report struct {
	started  time.Time
	took     time.Duration
	machine  machine
	tips     int
	seeded   int
	seedTook time.Duration

	rawInbox       float64 // raw inserts/s, 8 connections, inbox-sized rows
	burst, limited *loadResult
	admin          *adminResult
	web            *webResult
	queueBench     map[string]benchMetrics
	digestBench    map[string]benchMetrics
	roundTrip      map[string]benchMetrics // BenchmarkRoundTrip/<mode>/<citizens>
}

type row struct{ metric, measured, target, notes string }

func judge(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// rows are the table: metric, measured, target, ratio or notes.
func (r *report) rows() []row {
	var rows []row
	add := func(metric, measured, target, notes string) {
		rows = append(rows, row{metric, measured, target, notes})
	}
	size := fmt.Sprintf("%d tips", r.tips)
	submit := r.queueBench["BenchmarkSubmit"]
	rawOne := submit["raw-inserts/s"]

	if rawOne > 0 {
		add("raw PostgreSQL insert, 1 connection", fmt.Sprintf("%.0f rows/s", rawOne), "—",
			"single-row INSERT of a full tip row, autocommit, into an empty copy of tips with its indexes (BenchmarkSubmit's baseline)")
	}
	if r.rawInbox > 0 {
		add("raw PostgreSQL insert, 8 connections", fmt.Sprintf("%.0f rows/s", r.rawInbox), "—",
			"single-row INSERT of an inbox-sized row (600-byte payload), autocommit, 5 s: the intake's ceiling")
	}
	if b := r.burst; b != nil {
		add("intake", fmt.Sprintf("%.0f updates/s processed", b.ProcessedRate), "≥ 1000/s: "+judge(b.ProcessedRate >= 1000),
			fmt.Sprintf("%.2f × raw 8-connection inserts; webhook, %d updates/s offered evenly by 200 citizens for 10 s, Telegram's limits enforced; %.0f/s accepted, %d refused%s",
				ratio(b.ProcessedRate, r.rawInbox), intakeRate, b.IntakeRate, b.Refused, checkNote(b)))
		add("intake latency (received → reply written)", fmt.Sprintf("p99 %.0f ms", b.Latency.P99), "p99 < 100 ms: "+judge(b.Latency.P99 < 100),
			fmt.Sprintf("p50 %.0f · p95 %.0f ms at %d/s offered; when processing falls behind the offer, this includes the backlog", b.Latency.P50, b.Latency.P95, intakeRate))
	}
	if l := r.limited; l != nil {
		d := l.Delivery
		add("sender vs enforced limit", fmt.Sprintf("%.1f calls/s = %.0f%% of %d/s", d.CallsPerSecond, d.ShareOfLimit*100, d.Limit),
			"≥ 95%: "+judge(d.SaturatedSeconds > 0 && d.ShareOfLimit >= 0.95),
			fmt.Sprintf("over %d saturated s (%.1f sends/s counted by the limit, the rest edits); %d 429s, %d unhonoured; 100 citizens × 1 report%s",
				d.SaturatedSeconds, d.SendsPerSecond, d.RateLimited, d.Unhonoured, checkNote(l)))
	}
	for _, mode := range []string{"polling", "webhook"} {
		for _, citizens := range []int{5, 50} {
			m, ok := r.roundTrip[fmt.Sprintf("BenchmarkRoundTrip/%s/%d", mode, citizens)]
			if !ok {
				continue
			}
			target := "—"
			if citizens == 50 {
				target = "p99 < 100 ms, ≥ 0.3× echo: " + judge(m["p99-ms"] < 100 && m["ratio"] >= 0.3)
			}
			add(fmt.Sprintf("update → reply delivered, %s, %d citizens", mode, citizens),
				fmt.Sprintf("p99 %.0f ms, %.0f replies/s", m["p99-ms"], m["replies/s"]), target,
				fmt.Sprintf("%.2f× the echo bot (%.0f replies/s, p50 %.1f · p99 %.1f ms); p50 %.0f ms; closed loop for 5 s, limits lifted, a go-telegram/bot echo bot through the same emulator in the same run",
					m["ratio"], m["echo-replies/s"], m["echo-p50-ms"], m["echo-p99-ms"], m["p50-ms"]))
		}
	}
	if w := r.web; w != nil {
		rows = append(rows, w.rows()...)
	}
	if sub := submit["submits/s"]; sub > 0 {
		add("tip submit throughput", fmt.Sprintf("%.0f tips/s", sub), "—",
			fmt.Sprintf("%.2f × raw 1-connection inserts (Submit in its own transaction, 1 connection, p99 %.1f ms, %s)", submit["ratio"], submit["p99-ms"], size))
	}
	if a := r.admin; a != nil {
		q, s, t, d := a.byKind[reqQueue], a.byKind[reqSearch], a.byKind[reqTip], a.byKind[reqDashboard]
		list, search := r.queueBench["BenchmarkList"], r.queueBench["BenchmarkSearch"]
		sat := func(kind string) string {
			return fmt.Sprintf("; at %d clients' saturation p95 %.1f ms", a.workers, a.saturated[kind].p95)
		}
		slowest := func(kind string) string {
			p, ok := a.slowest[kind]
			if !ok {
				return ""
			}
			path, err := url.QueryUnescape(p.path)
			if err != nil {
				path = p.path
			}
			return fmt.Sprintf("; slowest page: median %.1f ms (%s)", p.median, path)
		}
		add("queue page", fmt.Sprintf("p95 %.1f ms", q.p95), "p95 < 50 ms: "+judge(q.n > 0 && q.p95 < 50),
			fmt.Sprintf("%s, n=%d over %d filter/sort combinations and their second pages, %s, %d req/s of all kinds; queue.List alone p95 %.1f ms%s%s",
				q, q.n, a.queueURLs, size, a.rate, list["p95-ms"], sat(reqQueue), slowest(reqQueue)))
		add("search (queue page with q=)", fmt.Sprintf("p95 %.1f ms", s.p95), "p95 < 50 ms: "+judge(s.n > 0 && s.p95 < 50),
			fmt.Sprintf("%s, n=%d over 10 queries (Chinese, English, a phone number); queue.List alone p95 %.1f ms%s%s", s, s.n, search["p95-ms"], sat(reqSearch), slowest(reqSearch)))
		add("tip page", fmt.Sprintf("p95 %.1f ms", t.p95), "p95 < 30 ms: "+judge(t.n > 0 && t.p95 < 30),
			fmt.Sprintf("%s, n=%d random report tips, %s%s", t, t.n, size, sat(reqTip)))
		var ranges []string
		for _, k := range []string{"today", "7", "30"} {
			if p, ok := a.dashboardByRange[k]; ok {
				ranges = append(ranges, fmt.Sprintf("%s: p95 %.0f ms", k, p.p95))
			}
		}
		add("dashboard", fmt.Sprintf("p95 %.1f ms", d.p95), "p95 < 200 ms: "+judge(d.n > 0 && d.p95 < 200),
			fmt.Sprintf("%s, n=%d; by range %s%s", d, d.n, strings.Join(ranges, ", "), sat(reqDashboard)))
		c, l := a.byKind[reqCampaigns], a.byKind[reqLeaders]
		add("campaigns page", fmt.Sprintf("p95 %.1f ms", c.p95), "p95 < 50 ms: "+judge(c.n > 0 && c.p95 < 50),
			fmt.Sprintf("%s, n=%d over 90 days (the default), a month and a year, %s%s%s", c, c.n, size, sat(reqCampaigns), slowest(reqCampaigns)))
		add("leaders' view", fmt.Sprintf("p95 %.1f ms", l.p95), "p95 < 100 ms: "+judge(l.n > 0 && l.p95 < 100),
			fmt.Sprintf("%s, n=%d over 30 days against the 30 before (the default), 90 days and the year so far, %s%s%s", l, l.n, size, sat(reqLeaders), slowest(reqLeaders)))
		add("server memory, idle", fmt.Sprintf("%.1f MB", float64(a.rssIdle)/1024), "—",
			fmt.Sprintf("VmRSS of tipline serve --components admin, logged in and warmed by one request to each page but the tip pages, 2 s before the load; %.1f MB just started", float64(a.rssStart)/1024))
		add("server memory, under load", fmt.Sprintf("%.1f MB", float64(a.rssPeak)/1024), "—",
			fmt.Sprintf("peak VmRSS sampled every 100 ms; %.1f MB at the end (the runtime returns freed memory as the run goes); capacity: %d requests from %d clients, each as fast as answered, in %.1f s (%.0f req/s); %d failed in the two runs",
				float64(a.rssEnd)/1024, a.requests, a.workers, a.took.Seconds(), float64(a.requests)/a.took.Seconds(), a.errors))
	}
	if dg, ok := r.digestBench["BenchmarkDigest"]; ok {
		ms := dg["ms/op"]
		add("daily digest build", fmt.Sprintf("%.0f ms", ms), "< 1 s: "+judge(ms > 0 && ms < 1000), fmt.Sprintf("one day's digest over %s (BenchmarkDigest, 3 runs)", size))
	}
	return rows
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func checkNote(l *loadResult) string {
	if l.Check.OK {
		return "; nothing lost or doubled"
	}
	p := ""
	if len(l.Check.Problems) > 0 {
		p = ": " + l.Check.Problems[0]
	}
	return fmt.Sprintf("; CHECKS FAILED (%d problems%s)", len(l.Check.Problems), p)
}

func (r *report) header() []string {
	h := []string{
		fmt.Sprintf("run: %s, took %s", r.started.Format("2006-01-02 15:04 MST"), r.took.Round(time.Second)),
		fmt.Sprintf("machine: %d CPUs, %s RAM, %s; load average %s at the start, %s at the end", r.machine.cpus, r.machine.memory, r.machine.postgres, r.machine.load, r.machine.loadEnd),
		fmt.Sprintf("seeded database: %d tips", r.tips),
	}
	switch {
	case r.tips == 0:
		h[2] = "seeded database: not used by the parts measured"
	case r.seeded > 0:
		h[2] += fmt.Sprintf(" (%d seeded in this run, %s)", r.seeded, r.seedTook.Round(time.Second))
	default:
		h[2] += " (reused)"
	}
	return h
}

func (r *report) writeText(w io.Writer) {
	fmt.Fprintln(w)
	for _, l := range r.header() {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tMEASURED\tTARGET\tRATIO / NOTES")
	for _, x := range r.rows() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x.metric, x.measured, x.target, x.notes)
	}
	tw.Flush()
}

func (r *report) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	for _, l := range r.header() {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	b.WriteString("\n| metric | measured | target | ratio / notes |\n|---|---|---|---|\n")
	for _, x := range r.rows() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", x.metric, x.measured, x.target, strings.ReplaceAll(x.notes, "|", "\\|"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func describeMachine(ctx context.Context, serverURL string) machine {
	m := machine{cpus: runtime.NumCPU(), memory: "?", postgres: "PostgreSQL ?", load: loadAverage()}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.memory = fmt.Sprintf("%.1f GB", float64(kb)/1024/1024)
		}
	}
	if db, err := sql.Open("postgres", serverURL); err == nil {
		var v string
		if db.QueryRowContext(ctx, `SHOW server_version`).Scan(&v) == nil {
			m.postgres = "PostgreSQL " + strings.Fields(v)[0]
		}
		// The pages a search reads are in the server's buffers or not: the
		// figures depend on it (docs/operations.md, PostgreSQL settings).
		if db.QueryRowContext(ctx, `SHOW shared_buffers`).Scan(&v) == nil {
			m.postgres += " with shared_buffers " + v
		}
		db.Close()
	}
	return m
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures: on a shared
// machine they say how much of it the run had.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
