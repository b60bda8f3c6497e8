package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// benchMetrics are one benchmark's reported values by unit ("p95-ms", "ns/op").
type benchMetrics map[string]float64

// measureGoBenchmarks runs the queue benchmarks (the store alone: list, search,
// submit against raw inserts) and the digest benchmark on the seeded database.
func measureGoBenchmarks(ctx context.Context, o options, r *report) error {
	env := append(os.Environ(), "BENCH_DATABASE_URL="+o.dbURL, fmt.Sprintf("BENCH_TIPS=%d", o.tips))
	var err error
	if r.queueBench, err = goBench(ctx, env, "./queue/", "^(BenchmarkList|BenchmarkSearch)$", "300x"); err != nil {
		return err
	}
	// Submits for longer: the first after a checkpoint each write full-page
	// images of the index pages they touch, which 300 submits do not amortise
	// (their ratio to raw inserts varied from 0.27 to 0.33 over runs).
	submit, err := goBench(ctx, env, "./queue/", "^BenchmarkSubmit$", "1000x")
	if err != nil {
		return err
	}
	maps.Copy(r.queueBench, submit)
	if r.digestBench, err = goBench(ctx, env, "./jobs/", "^BenchmarkDigest$", "3x"); err != nil {
		return err
	}
	return nil
}

func goBench(ctx context.Context, env []string, pkg, pattern, benchtime string) (map[string]benchMetrics, error) {
	args := []string{"test", "-run", "^$", "-count", "1", "-bench", pattern, "-benchtime", benchtime, pkg}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return parseBench(out.String()), nil
}

// parseBench reads `BenchmarkName-2  300  123 ns/op  4.5 p95-ms …` lines into
// metrics by benchmark name (without the -GOMAXPROCS suffix).
func parseBench(out string) map[string]benchMetrics {
	res := map[string]benchMetrics{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		m := benchMetrics{}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				m[f[i+1]] = v
			}
		}
		res[name] = m
	}
	return res
}
