package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/tipline/tipline/bodycap"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/metrics"
	"github.com/tipline/tipline/webreport"
)

// The public listener carries what citizens and Telegram reach: the web
// report at /r/ and the webhook. With public.listen empty (development) it is
// the admin's listener; otherwise it is its own server, so the admin can live
// on the office's network only.

// publicMux is where the citizens' routes go: the admin's mux when the
// listener is shared.
func (a *app) publicMux() *http.ServeMux {
	if a.public == nil {
		if _, shared := a.cfg.PublicListen(); shared {
			a.public = a.mux
		} else {
			a.public = http.NewServeMux()
		}
	}
	return a.public
}

// startWeb builds the web report and mounts it at /r/.
func startWeb(_ context.Context, a *app) error {
	if !a.cfg.Web.Enabled {
		return errors.New("web.enabled is false: leave web out of --components")
	}
	core, err := intake.New(intake.Deps{Config: a.cfg, Queue: a.queue, Log: a.log.With("component", "intake")})
	if err != nil {
		return err
	}
	srv, err := webreport.New(webreport.Deps{Config: a.cfg, DB: a.db, Queue: a.queue, Keys: a.keys, Intake: core,
		Log: a.log.With("component", "web")})
	if err != nil {
		return err
	}
	a.webRules = srv.BodyRules()
	a.workers = append(a.workers, srv.Run)
	mux := a.publicMux()
	mux.Handle("/r/", srv.Handler())
	mux.Handle("GET /r", http.RedirectHandler("/r/", http.StatusMovedPermanently))
	return nil
}

// startPublic serves the public listener when it is not the admin's; it
// returns the server to shut down, or nil when the listener is shared.
func (a *app) startPublic(errs chan<- error) (*http.Server, error) {
	if a.public == nil || a.public == a.mux {
		return nil, nil
	}
	ln, err := net.Listen("tcp", a.cfg.Public.Listen)
	if err != nil {
		return nil, fmt.Errorf("public.listen: %w", err)
	}
	srv := &http.Server{
		Handler:           bodycap.New(a.publicBodyRules())(metrics.Middleware(a.public)),
		ReadHeaderTimeout: 10 * time.Second,
		// A slow phone uploading 20 MB over a poor line needs minutes.
		ReadTimeout:  10 * time.Minute,
		WriteTimeout: 10 * time.Minute,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(quietHandler{a.log.Handler()}, slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- err
		}
	}()
	a.log.Info("public listener serving", "listen", ln.Addr().String())
	return srv, nil
}

// publicBodyRules are what the routes of a public listener of its own may
// send: the webhook's updates and the web report's forms and files.
func (a *app) publicBodyRules() []bodycap.Rule {
	rules := []bodycap.Rule{{Pattern: "POST /telegram/webhook", MaxBytes: bot.MaxUpdateBytes}}
	return append(rules, a.webRules...)
}

// reportLink is the address citizens open, for the start banner.
func (a *app) reportLink() string { return a.cfg.PublicBaseURL() + "/r/" }

// quietHandler logs net/http's own complaints about connections without
// their text, which names the client's address ("TLS handshake error from
// 203.0.113.7:50312").
type quietHandler struct{ slog.Handler }

func (q quietHandler) Handle(ctx context.Context, r slog.Record) error {
	return q.Handler.Handle(ctx, slog.NewRecord(r.Time, r.Level, "public listener: a connection failed (details withheld: they name the client)", r.PC))
}
