package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/jobs"
	"github.com/tipline/tipline/queue"
)

// scheduler opens the database and builds the scheduler for the operator
// commands; it runs nothing in the background.
func scheduler(ctx context.Context, env *environment, cfgPath string) (*jobs.Scheduler, *config.Config, func(), error) {
	cfg, db, err := connect(ctx, env, cfgPath, true)
	if err != nil {
		return nil, nil, nil, err
	}
	_, _, receiptKey := cfg.KeyBytes()
	s, err := jobs.New(jobs.Deps{Config: cfg, DB: db, Queue: queue.NewStore(db, cfg, receiptKey), Log: newLogger(env, cfg)})
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return s, cfg, func() { db.Close() }, nil
}

func runJobs(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "jobs", "jobs list [--config FILE]")
	cfgPath := configFlag(fs)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "list" {
		fs.Usage()
		return usageError{"want `list`"}
	}
	s, cfg, done, err := scheduler(ctx, env, *cfgPath)
	if err != nil {
		return err
	}
	defer done()
	list, err := s.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tSCHEDULE\tNEXT RUN\tLAST PERIOD\tLAST STATE")
	for _, j := range list {
		last, state := "-", "never run"
		if !j.LastStart.IsZero() {
			last = j.LastStart.In(cfg.Location).Format("2006-01-02 15:04") + " → " + j.LastEnd.In(cfg.Location).Format("01-02 15:04")
			state = j.LastState
			if j.LastLate {
				state += " (late)"
			}
			if j.LastError != "" {
				state += ": " + j.LastError
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.Name, j.Schedule, j.Next.In(cfg.Location).Format("2006-01-02 15:04 MST"), last, state)
	}
	return tw.Flush()
}

func runDigest(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "digest", "digest preview [--at TIME] [--weekly] [--lang zh-CN|en] | digest send --period START [--weekly] [--by NAME]")
	cfgPath := configFlag(fs)
	at := fs.String("at", "", "preview the digest that would be sent at this time (RFC 3339 or 2006-01-02 15:04, in the configured timezone; default now)")
	weekly := fs.Bool("weekly", false, "the weekly summary instead of the daily digest")
	lang := fs.String("lang", "", "language to print (default digest.locale)")
	period := fs.String("period", "", "send: the start of the period to send again (2006-01-02 or 2006-01-02 15:04)")
	by := fs.String("by", "", "send: who asks for the resend, for the audit log (default $USER)")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || (rest[0] != "preview" && rest[0] != "send") {
		fs.Usage()
		return usageError{"want `preview` or `send`"}
	}
	s, cfg, done, err := scheduler(ctx, env, *cfgPath)
	if err != nil {
		return err
	}
	defer done()
	switch rest[0] {
	case "preview":
		when := time.Now()
		if *at != "" {
			if when, err = parseTime(*at, cfg.Location); err != nil {
				return usageError{"--at: " + err.Error()}
			}
		}
		d, err := s.Preview(ctx, when, *weekly)
		if err != nil {
			return err
		}
		l := *lang
		if l == "" {
			l = cfg.Digest.Locale
		}
		if l == "en" {
			fmt.Fprintln(env.stdout, d.TextEn)
		} else {
			fmt.Fprintln(env.stdout, d.TextZh)
		}
	case "send":
		if *period == "" {
			return usageError{"send needs --period"}
		}
		start, err := parseTime(*period, cfg.Location)
		if err != nil {
			return usageError{"--period: " + err.Error()}
		}
		who := *by
		if who == "" {
			who = lookup(env.environ, "USER")
		}
		if who == "" {
			who = "operator"
		}
		if err := s.Resend(ctx, start, *weekly, who); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "digest for the period starting %s queued again (audited as %s)\n", start.Format("2006-01-02 15:04 MST"), who)
	}
	return nil
}

// parseTime reads an operator's time in the office's timezone.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (use 2006-01-02, 2006-01-02 15:04 or RFC 3339)", s)
}
