// Command bench measures Tipline against the targets of its issues in one run on
// the machine at hand and prints one table: intake and sender (tipline load),
// the web report's submit and the memory of a 20 MB upload (web.go), the
// admin pages over HTTP against a running `tipline serve` on a database of
// BENCH_TIPS tips (queue, tip, search, dashboard, server memory), the queue and
// digest benchmarks, and raw PostgreSQL insert rates measured alongside so the
// figures can be read as ratios of what this server can do at all.
//
//	go build -o bin/tipline ./cmd/tipline
//	go run ./bench --server postgres://root@127.0.0.1:5432/postgres?sslmode=disable
//
// scripts/bench.sh does both and finds the server like `make test` does.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the knobs of a run; every one has a default that keeps a full run
// under about 15 minutes on a 2-core machine when the seeded database exists.
type options struct {
	bin       string // the tipline binary
	serverURL string // any database on the PostgreSQL server, for CREATE DATABASE
	dbURL     string // the seeded database (default: <server>/qbench, or qbench_<N>)
	tips      int
	requests  int // admin requests in the mixed HTTP run
	workers   int // concurrent admin clients of the capacity run
	rate      int // admin requests a second of the latency run
	markdown  string
	only      []string // the parts to run; all when empty
	// The web report run: phones submitting at once, and how many reports.
	webWorkers, webReports int
}

// parts are what a run measures, in order; --only names some of them.
var parts = []string{"citizens", "web", "admin", "go"}

// runs tells whether the part is to be measured.
func (o options) runs(part string) bool {
	return len(o.only) == 0 || slices.Contains(o.only, part)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.bin, "bin", "bin/tipline", "the tipline binary to measure")
	fs.StringVar(&o.serverURL, "server", firstNonEmpty(os.Getenv("BENCH_SERVER_URL"), os.Getenv("TEST_DATABASE_URL")),
		"URL of any database on the PostgreSQL server to use (default $BENCH_SERVER_URL, then $TEST_DATABASE_URL)")
	fs.StringVar(&o.dbURL, "db", os.Getenv("BENCH_DATABASE_URL"),
		"the seeded database (default $BENCH_DATABASE_URL, else qbench on the server, qbench_<N> for other sizes); created, migrated and topped up to --tips")
	fs.IntVar(&o.tips, "tips", envInt("BENCH_TIPS", 1_000_000), "tips in the seeded database (default $BENCH_TIPS or 1,000,000)")
	fs.IntVar(&o.requests, "requests", envInt("BENCH_REQUESTS", 600), "admin requests in the HTTP run")
	fs.IntVar(&o.workers, "workers", envInt("BENCH_WORKERS", 4), "concurrent admin clients of the capacity run, each sending as fast as answered")
	fs.IntVar(&o.rate, "rate", envInt("BENCH_ADMIN_RATE", 20), "admin requests a second of the latency run (an open loop)")
	fs.IntVar(&o.webWorkers, "web-workers", envInt("BENCH_WEB_WORKERS", 8), "phones of the web report run, each submitting its next report when answered")
	fs.IntVar(&o.webReports, "web-reports", envInt("BENCH_WEB_REPORTS", 1000), "web reports submitted in the timed run")
	fs.StringVar(&o.markdown, "markdown", "", "also write the table and the machine as Markdown to this file")
	only := fs.String("only", "", "measure only these parts, comma-separated: "+strings.Join(parts, ", ")+
		" (the table then holds their rows alone)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *only != "" {
		for _, p := range strings.Split(*only, ",") {
			if !slices.Contains(parts, p) {
				return fmt.Errorf("--only: %q is none of %s", p, strings.Join(parts, ", "))
			}
			o.only = append(o.only, p)
		}
	}
	if o.serverURL == "" && o.dbURL == "" {
		return fmt.Errorf("give --server or --db (or set TEST_DATABASE_URL)")
	}
	if o.serverURL == "" {
		o.serverURL = o.dbURL
	}
	if o.dbURL == "" {
		name := "qbench"
		if o.tips != 1_000_000 {
			name = fmt.Sprintf("qbench_%d", o.tips)
		}
		o.dbURL = withDatabase(o.serverURL, name)
	}
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("the binary %s: %w (go build -o %s ./cmd/tipline)", o.bin, err, o.bin)
	}

	start := time.Now()
	r := &report{started: start, machine: describeMachine(ctx, o.serverURL)}
	keys, err := keygen(ctx, o.bin)
	if err != nil {
		return err
	}
	step := func(name string, f func() error) error {
		t := time.Now()
		progress("%s …", name)
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		progress("%s done in %s", name, time.Since(t).Round(time.Second))
		return nil
	}
	// Only the admin pages and the Go benchmarks read the seeded database.
	if o.runs("admin") || o.runs("go") {
		if err := step("seeded database", func() error { return prepareSeeded(ctx, o, keys, r) }); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		part, name string
		measure    func() error
	}{
		{"citizens", "citizen side (tipline load)", func() error { return measureCitizens(ctx, o, keys, r) }},
		{"web", "web report over HTTP", func() error { return measureWeb(ctx, o, keys, r) }},
		{"admin", "admin pages over HTTP", func() error { return measureAdmin(ctx, o, keys, r) }},
		{"go", "queue and digest benchmarks", func() error { return measureGoBenchmarks(ctx, o, r) }},
	} {
		if !o.runs(p.part) {
			continue
		}
		if err := step(p.name, p.measure); err != nil {
			return err
		}
	}
	r.took = time.Since(start)
	r.machine.loadEnd = loadAverage()
	r.writeText(os.Stdout)
	if o.markdown != "" {
		f, err := os.Create(o.markdown)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := r.writeMarkdown(f); err != nil {
			return err
		}
		progress("wrote %s", o.markdown)
	}
	return nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench %s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil && v > 0 {
		return v
	}
	return def
}

// withDatabase is u with its database name replaced.
func withDatabase(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + name
	return p.String()
}
