package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tipline/tipline/queue"
	schema "github.com/tipline/tipline/sql"
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
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := schema.Check(ctx, db.DB); err != nil {
		return err
	}
	_, _, receiptKey := cfg.KeyBytes()
	start := time.Now()
	last := time.Now()
	err = queue.Seed(ctx, db, cfg, receiptKey, *n, func(done int) {
		if time.Since(last) > 2*time.Second || done == *n {
			last = time.Now()
			fmt.Fprintf(env.stderr, "seeded %d/%d tips (%.0f/s)\n", done, *n, float64(done)/time.Since(start).Seconds())
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "added %d synthetic tips in %s\n", *n, time.Since(start).Round(time.Millisecond))
	return nil
}
