// Package webreport is the citizens' mobile web report (H5) at /r/: an adapter
// that renders the intake core's steps as plain HTML forms, one step a page,
// for any phone browser (WeChat's included) with or without JavaScript. It
// keeps nothing that describes the reporter: a draft lives under the hash of a
// random token held in a short-lived cookie; abuse counters are keyed by an
// HMAC of the address under a key of the day (web_client_keys, which this
// package owns); no address, user agent, referrer or cookie value is logged or
// stored. What a report is, its limits and its submit belong to the core.
//
//	phone ──GET/POST /r/…──▶ secure headers ─▶ cross-origin check ─▶ handler
//	                                                                   │ one transaction
//	          cookie tipline_draft (random) ──SHA-256──▶ draft key ─▶ intake core
//	          client address ──HMAC(day key)──▶ limit key ─────────▶ intake limits
package webreport

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/internal/clientaddr"
	"github.com/tipline/tipline/queue"
)

// Deps is what the web report needs from the process.
type Deps struct {
	Config *config.Config
	DB     *sqlx.DB
	Queue  *queue.Store
	Keys   *anon.Keys
	// Intake is the intake core, shared with the bot.
	Intake *intake.Core
	Log    *slog.Logger
}

// Server is the web report.
type Server struct {
	h       *handler
	handler http.Handler
}

// New parses the templates and builds the handler.
func New(d Deps) (*Server, error) {
	if d.Config == nil || d.DB == nil || d.Queue == nil || d.Keys == nil || d.Intake == nil {
		return nil, errors.New("webreport: Config, DB, Queue, Keys and Intake are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	proxies, err := clientaddr.ParseProxies(d.Config.Admin.TrustedProxies)
	if err != nil {
		return nil, err
	}
	reporterKey, _, _ := d.Config.KeyBytes()
	m := hmac.New(sha256.New, reporterKey)
	m.Write([]byte("tipline web form token"))
	secure := false
	if u, err := url.Parse(d.Config.PublicBaseURL()); err == nil && u.Scheme == "https" {
		secure = true
	}
	loc := d.Config.Location
	if loc == nil {
		loc = time.Local
	}
	h := &handler{
		cfg:     d.Config,
		db:      d.DB,
		queue:   d.Queue,
		keys:    d.Keys,
		core:    d.Intake,
		log:     d.Log,
		pages:   pages,
		clients: &clientKeys{db: d.DB, proxies: proxies},
		formKey: m.Sum(nil),
		secure:  secure,
		loc:     loc,
		now:     time.Now,
	}
	return &Server{h: h, handler: h.routes()}, nil
}

// Run erases, every few minutes until ctx ends, the client keys of past days
// and the drafts past their expiry: a day's key must not outlive its day, and
// a receipt sealed beside a submitted draft must not outlive web.receipt_ttl
// by more than a few minutes even when its reporter never comes back (the
// daily purge job would leave it for up to a day).
func (s *Server) Run(ctx context.Context) error {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		if err := s.h.clients.forgetPastDays(ctx, s.h.now()); err != nil && ctx.Err() == nil {
			s.h.log.Warn("webreport: unable to delete past days' client keys", "err", err)
		}
		if _, err := intake.PurgeExpired(ctx, s.h.db, s.h.now()); err != nil && ctx.Err() == nil {
			s.h.log.Warn("webreport: unable to erase expired drafts", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Handler serves /r/ and everything under it; mount it at "/r/".
func (s *Server) Handler() http.Handler { return s.handler }

// handler holds what the request handlers share.
type handler struct {
	cfg     *config.Config
	db      *sqlx.DB
	queue   *queue.Store
	keys    *anon.Keys
	core    intakeCore
	log     *slog.Logger
	pages   map[string]pageTemplate
	clients *clientKeys
	formKey []byte
	secure  bool // cookies are Secure: the public base URL is https
	loc     *time.Location
	now     func() time.Time
}
