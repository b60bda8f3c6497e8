package main

import (
	"context"
	"fmt"

	schema "github.com/tipline/tipline/sql"
)

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "migrate", "migrate up|status [--config FILE]")
	cfgPath := configFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "up" && fs.Arg(0) != "status") {
		fs.Usage()
		return usageError{"want `up` or `status`"}
	}
	_, db, err := connect(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if fs.Arg(0) == "up" {
		if err := schema.Up(ctx, db.DB); err != nil {
			return err
		}
	}
	st, err := schema.Status(ctx, db.DB)
	if err != nil {
		return err
	}
	pending := 0
	for _, m := range st {
		mark := "applied"
		if !m.Applied {
			mark = "PENDING"
			pending++
		}
		fmt.Fprintf(env.stdout, "%03d  %-8s %s\n", m.Version, mark, m.Name)
	}
	if pending == 0 {
		fmt.Fprintf(env.stdout, "schema is current (version %d)\n", schema.Latest())
	} else {
		fmt.Fprintf(env.stdout, "%d migration(s) pending: run `tipline migrate up`\n", pending)
	}
	return nil
}
