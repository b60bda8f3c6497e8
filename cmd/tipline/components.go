package main

import (
	"context"
	"net/http"
	"time"

	"github.com/tipline/tipline/admin"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/inbox"
	"github.com/tipline/tipline/jobs"
	"github.com/tipline/tipline/notify"
	"github.com/tipline/tipline/outbox"
)

// startComponent builds each component and registers its routes and loops.
// serve starts them in the order bot, jobs, admin, web, so the admin can report on
// the scheduler of its own replica.
var startComponent = map[string]func(ctx context.Context, a *app) error{
	"bot": func(_ context.Context, a *app) error {
		svc, err := bot.New(bot.Deps{Config: a.cfg, DB: a.db, Queue: a.queue, Keys: a.keys, Log: a.log})
		if err != nil {
			return err
		}
		a.publicMux().Handle("POST /telegram/webhook", svc.WebhookHandler())
		if h := svc.SandboxHandler(); h != nil {
			a.mux.Handle("/sandbox/", h)
			a.mux.Handle("GET /sandbox", http.RedirectHandler("/sandbox/", http.StatusFound))
		}
		a.workers = append(a.workers, svc.Run)
		return nil
	},
	"web": startWeb,
	"jobs": func(_ context.Context, a *app) error {
		sch, err := jobs.New(jobs.Deps{Config: a.cfg, DB: a.db, Queue: a.queue, Log: a.log.With("component", "jobs")})
		if err != nil {
			return err
		}
		a.scheduler = sch
		a.workers = append(a.workers, sch.Run)
		// The group robots' messages go out from here, beside the alerts that queue them.
		a.workers = append(a.workers, notify.NewSender(a.db, a.cfg, a.log.With("component", "notify")).Run)
		if len(a.cfg.AlertChannels()) == 0 {
			a.log.Warn("NO CHANNEL FOR ALERTS: urgent tips ping nobody; configure notify.robots with notices [alerts] or jobs.duty_chat with a bot")
		}
		return nil
	},
	"admin": func(ctx context.Context, a *app) error {
		d := admin.Deps{Config: a.cfg, DB: a.db, Queue: a.queue, Keys: a.keys, Log: a.log.With("component", "admin"),
			Bot: botHealth{a}}
		if a.scheduler != nil {
			d.Jobs = jobHealth{a.scheduler}
			d.Digests = admin.SchedulerDigests(a.scheduler)
		}
		srv, err := admin.New(d)
		if err != nil {
			return err
		}
		a.mux.Handle("/", srv.Handler())
		// In the background: the pages are served meanwhile, as they would
		// be without it. The admin's share of the pool is what intake and
		// the sender leave (config.example.yaml, database.max_open_conns).
		go func() {
			n := min(4, max(1, a.cfg.Database.MaxOpenConns-4))
			if err := a.queue.Warm(ctx, n); err != nil && ctx.Err() == nil {
				a.log.Warn("unable to warm the database connections", "err", err)
			}
		}()
		return nil
	},
}

// botHealth reads the bot's tables for the admin's health page; it works in a
// replica that runs only the admin, since everything is in PostgreSQL.
type botHealth struct{ a *app }

func (b botHealth) InboxStats(ctx context.Context) (admin.InboxStats, error) {
	pending, parked, age, err := inbox.Stats(ctx, b.a.db)
	if err != nil {
		return admin.InboxStats{}, err
	}
	ob, err := outbox.ReadStats(ctx, b.a.db)
	if err != nil {
		return admin.InboxStats{}, err
	}
	st := admin.InboxStats{Pending: pending, Parked: parked, OutboxPending: ob.Pending, OutboxFailed: ob.Dead, OldestOutbound: ob.OldestPending}
	if pending > 0 {
		t := time.Now().Add(-age)
		st.OldestPending = &t
	}
	return st, nil
}

func (b botHealth) ListParked(ctx context.Context, limit int) ([]inbox.ParkedUpdate, error) {
	return inbox.ListParked(ctx, b.a.db, limit)
}

func (b botHealth) RetryParked(ctx context.Context, id int64) error {
	return inbox.RetryParked(ctx, b.a.db, id)
}

func (b botHealth) DiscardParked(ctx context.Context, id int64) error {
	return inbox.DiscardParked(ctx, b.a.db, id)
}

type jobHealth struct{ s *jobs.Scheduler }

func (j jobHealth) LastRuns(ctx context.Context) ([]admin.JobRun, error) {
	list, err := j.s.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]admin.JobRun, 0, len(list))
	for _, i := range list {
		out = append(out, admin.JobRun{Job: i.Name, State: i.LastState, StartedAt: i.LastStart, FinishedAt: i.LastFinished, LastError: i.LastError})
	}
	return out, nil
}
