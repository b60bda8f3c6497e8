// Package admin is the officers' web app: login with optional TOTP, the triage
// queue and tip pages, dashboard, accounts, audit log, export and health. Pages are
// server-rendered from embedded templates; every unsafe request passes Go's
// cross-origin protection; every view of a tip, change, export and login is audited.
// It owns the login_failures table (per-client login throttling) and uses the
// sessions table through scs's postgresstore.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/inbox"
	"github.com/tipline/tipline/internal/clientaddr"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// Deps is what the admin needs from the process.
type Deps struct {
	Config *config.Config
	DB     *sqlx.DB
	Queue  *queue.Store
	Keys   *anon.Keys
	Log    *slog.Logger
	// Bot reports on the bot's inbox and parked updates for the health page;
	// nil shows the section as unavailable.
	Bot BotHealth
	// Jobs reports the last scheduled runs for the health page; nil hides them.
	Jobs JobHealth
	// Digests lists stored digests and previews new ones for the digests page;
	// nil (the scheduler does not run in this replica) says so on the page.
	Digests DigestSource
}

// Server is the admin web app.
type Server struct {
	h       *handler
	handler http.Handler
}

// New parses the templates and builds the handler.
func New(d Deps) (*Server, error) {
	if d.Config == nil || d.DB == nil || d.Queue == nil {
		return nil, errors.New("admin: Config, DB and Queue are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	loc := d.Config.Location
	if loc == nil {
		loc = time.Local
	}
	proxies, err := clientaddr.ParseProxies(d.Config.Admin.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	sm := scs.New()
	sm.Store = postgresstore.New(d.DB.DB)
	sm.IdleTimeout = d.Config.Admin.SessionIdle.D()
	sm.Lifetime = d.Config.Admin.SessionAbsolute.D()
	sm.Cookie.Name = "tipline_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	if u, err := url.Parse(d.Config.Admin.BaseURL); err == nil && u.Scheme == "https" {
		sm.Cookie.Secure = true
	}
	officers := officer.NewStore(d.DB).WithLockout(officer.Lockout{MaxFailures: d.Config.Limits.LoginFailuresPerAcc})
	if d.Keys != nil {
		// TOTP secrets are sealed with keys.totp (or, unset, a key derived from
		// keys.seal); those sealed with the seal key itself before still open.
		officers = officers.WithSealer(d.Keys)
		if k := d.Config.TOTPKey(); k != nil {
			sealer, err := officer.NewSecretSealer(k)
			if err != nil {
				return nil, fmt.Errorf("admin: keys.totp: %w", err)
			}
			officers = officers.WithSealer(sealer, d.Keys)
		}
	}
	h := &handler{
		cfg:      d.Config,
		db:       d.DB,
		queue:    d.Queue,
		officers: officers,
		log:      d.Log,
		bot:      d.Bot,
		jobs:     d.Jobs,
		digests:  d.Digests,
		pages:    pages,
		sessions: sm,
		loc:      loc,
		proxies:  proxies,
		now:      time.Now,
	}
	clock := func() time.Time { return h.now() }
	h.stats = newPeriodCache(clock, dashboardFresh, func(ctx context.Context, from, to time.Time) (queue.Stats, error) {
		st, err := h.queue.Stats(ctx, from, to)
		if err != nil {
			h.log.Error("admin: unable to compute the dashboard", "err", err)
		}
		return st, err
	})
	// The leaders' view and the campaigns page count months of tips; their
	// figures change slowly, and a leader rereads them, so they are kept as
	// the dashboard's are, a little longer.
	h.towns = newPeriodCache(clock, summaryFresh, func(ctx context.Context, from, to time.Time) ([]queue.TownRow, error) {
		return h.queue.TownStats(ctx, queue.Period{From: from, To: to})
	})
	h.campaignCounts = newPeriodCache(clock, summaryFresh, h.queue.CountByCampaign)
	s := &Server{h: h}
	s.handler = h.routes()
	return s, nil
}

// Handler serves the whole app; mount it at "/" behind bodycap's middleware
// (cmd/tipline/bodylimits.go), which caps its forms and parses them before the
// session and the other wrappers copy the request. A route that takes files
// needs its rule there.
func (s *Server) Handler() http.Handler { return s.handler }

// handler holds everything the request handlers share.
type handler struct {
	cfg      *config.Config
	db       *sqlx.DB
	queue    *queue.Store
	officers *officer.Store
	log      *slog.Logger
	bot      BotHealth
	jobs     JobHealth
	digests  DigestSource
	pages    map[string]pageTemplate
	sessions *scs.SessionManager
	loc      *time.Location
	proxies  clientaddr.Proxies
	now      func() time.Time
	stats    *periodCache[queue.Stats] // the dashboard's figures, see dashboard_cache.go
	// towns and campaignCounts are the leaders' and the campaigns page's.
	towns          *periodCache[[]queue.TownRow]
	campaignCounts *periodCache[[]queue.CampaignCount]
}

// BotHealth is what the health page asks the bot.
type BotHealth interface {
	InboxStats(ctx context.Context) (InboxStats, error)
	ListParked(ctx context.Context, limit int) ([]inbox.ParkedUpdate, error)
	RetryParked(ctx context.Context, id int64) error
	DiscardParked(ctx context.Context, id int64) error
}

// InboxStats summarises the bot's durable inbox and outbox.
type InboxStats struct {
	Pending        int
	OldestPending  *time.Time
	Parked         int
	OutboxPending  int
	OutboxFailed   int
	OldestOutbound *time.Time
}

// JobHealth is what the health page asks the scheduler.
type JobHealth interface {
	LastRuns(ctx context.Context) ([]JobRun, error)
}

// JobRun is the last run of one scheduled job.
type JobRun struct {
	Job        string
	State      string
	StartedAt  time.Time
	FinishedAt *time.Time
	LastError  string
}
