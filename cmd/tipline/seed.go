package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/queue"
)

func runSeed(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "seed", "seed --tips N [--config FILE]")
	cfgPath := configFlag(fs)
	n := fs.Int("tips", 1000, "how many synthetic tips to add")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 {
		return usageError{"--tips must be positive"}
	}
	cfg, db, err := connect(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	_, _, receiptKey := cfg.KeyBytes()
	before, err := campaign.SeedStart(ctx, db)
	if err != nil {
		return err
	}
	start := time.Now()
	last := time.Now()
	err = queue.Seed(ctx, db, cfg, receiptKey, *n, func(done int) {
		if time.Since(last) > 2*time.Second || done == *n {
			last = time.Now()
			fmt.Fprintf(env.stderr, "seeded %d/%d tips (%.0f/s)\n", done, *n, float64(done)/time.Since(start).Seconds())
		}
		if done == *n {
			// The last batch is in; Seed vacuums next, which on a large
			// table is minutes with nothing else to show for them.
			fmt.Fprintln(env.stderr, "vacuuming and analysing the tables, so the queue is fast from its first page (minutes for a million tips)…")
		}
	})
	if err != nil {
		return err
	}
	attributed, err := campaign.Seed(ctx, db, cfg, before)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "added %d synthetic tips in %s, %d of them from campaigns\n", *n, time.Since(start).Round(time.Millisecond), attributed)
	return nil
}
