package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bodycap"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/jobs"
	"github.com/tipline/tipline/metrics"
	"github.com/tipline/tipline/queue"
	schema "github.com/tipline/tipline/sql"
)

var allComponents = []string{"bot", "jobs", "admin", "web"}

// app is what the components share.
type app struct {
	cfg   *config.Config
	db    *sqlx.DB
	queue *queue.Store
	keys  *anon.Keys
	log   *slog.Logger
	// stdout is where the start banner's report link goes.
	stdout io.Writer
	mux    *http.ServeMux
	// public is the citizens' mux (web report, webhook) and webRules the
	// web report's body rules; see public.go.
	public   *http.ServeMux
	webRules []bodycap.Rule
	// scheduler is set when this replica runs jobs.
	scheduler *jobs.Scheduler
	// workers are the background loops, stopped after the HTTP server.
	workers []func(ctx context.Context) error
}

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "serve", "serve [--config FILE] [--components bot,admin,jobs,web] [--migrate]")
	cfgPath := configFlag(fs)
	comps := fs.String("components", "bot,admin,jobs,web", "components to run in this replica")
	migrate := fs.Bool("migrate", false, "apply pending migrations before serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	enabled := map[string]bool{}
	for _, c := range strings.Split(*comps, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !slices.Contains(allComponents, c) {
			return usageError{fmt.Sprintf("--components: unknown component %q (want bot, admin, jobs, web)", c)}
		}
		enabled[c] = true
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	logger := newLogger(env, cfg)
	if err := checkServe(cfg, enabled, logger); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if *migrate {
		if err := schema.Up(ctx, db.DB); err != nil {
			return err
		}
	}
	if err := schema.Check(ctx, db.DB); err != nil {
		return err
	}
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		return err
	}
	a := &app{cfg: cfg, db: db, queue: queue.NewStore(db, cfg, receiptKey), keys: keys, log: logger, stdout: env.stdout, mux: http.NewServeMux()}
	if err := metrics.Register(db); err != nil {
		var dup prometheus.AlreadyRegisteredError
		if !errors.As(err, &dup) {
			return err
		}
	}
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	a.mux.HandleFunc("GET /readyz", a.ready)
	a.mux.Handle("GET /metrics", promhttp.Handler())
	for _, c := range allComponents {
		if enabled[c] {
			if err := startComponent[c](ctx, a); err != nil {
				return fmt.Errorf("%s: %w", c, err)
			}
		}
	}
	return a.serve(ctx, enabled)
}

// ready answers 200 only when the database answers and its schema is current.
func (a *app) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.db.PingContext(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if err := schema.Check(ctx, a.db.DB); err != nil {
		http.Error(w, "schema out of date", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (a *app) serve(ctx context.Context, enabled map[string]bool) error {
	ln, err := net.Listen("tcp", a.cfg.Admin.Listen)
	if err != nil {
		return fmt.Errorf("admin.listen: %w", err)
	}
	srv := &http.Server{
		Handler:           a.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var wg sync.WaitGroup
	errs := make(chan error, len(a.workers)+1)
	for _, w := range a.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w(workCtx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- err
			}
		}()
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- err
		}
	}()
	public, err := a.startPublic(errs)
	if err != nil {
		return err
	}
	names := []string{}
	for _, c := range allComponents {
		if enabled[c] {
			names = append(names, c)
		}
	}
	a.log.Info("tipline serving", "listen", ln.Addr().String(), "components", strings.Join(names, ","), "bot_mode", a.cfg.Bot.Mode)
	if enabled["web"] {
		a.log.Info("citizens' web report", "url", a.reportLink())
		fmt.Fprintf(a.stdout, "\n  Citizens' web report (公众网页举报): %s\n\n", a.reportLink())
	}

	var runErr error
	select {
	case <-ctx.Done():
		a.log.Info("shutting down")
	case runErr = <-errs:
		a.log.Error("component failed; shutting down", "err", runErr)
	}
	// Order matters: stop taking requests (webhook, admin) first, then let the
	// bot and jobs finish what they hold.
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		a.log.Warn("http shutdown", "err", err)
	}
	if public != nil {
		if err := public.Shutdown(sctx); err != nil {
			a.log.Warn("public http shutdown", "err", err)
		}
	}
	stopWork()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-sctx.Done():
		a.log.Warn("workers did not stop in time")
	}
	a.log.Info("stopped")
	return runErr
}
