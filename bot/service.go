// Package bot is Tipline's Telegram side: the durable intake of updates
// (polling or webhook) into bot_inbox, the workers that hand each update to the
// conversation (bot/chat) inside the transaction that marks it done (up to eight
// updates of different chats share one, see processNext), the webhook's
// processing of an update in its own request when nothing holds it back (see
// processArrival), the sender that delivers the outbox within Telegram's
// limits, and the sandbox web chat for trying the bot without Telegram.
//
//	Telegram ──getUpdates / webhook──▶ bot_inbox (sealed) ──workers──▶ tx{ Handler; done }
//	Telegram ──webhook──▶ tx{ bot_inbox row done; Handler } ──▶ 200
//	outbox ──sender (lanes, per-chat order, limits, retries)──▶ Telegram
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/stmtcache"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/telegramtest"
)

// Queue is what the bot's plumbing asks of the triage queue.
type Queue interface {
	// MarkContactUnreachable records that a reporter blocked the bot.
	MarkContactUnreachable(ctx context.Context, tx sqlx.ExtContext, tipIDs ...int64) error
}

// Deps are the service's collaborators. Handler and Renderer default to the
// conversation of bot/chat.
type Deps struct {
	Config   *config.Config
	DB       *sqlx.DB
	Queue    Queue
	Keys     *anon.Keys
	Log      *slog.Logger
	Handler  Handler
	Renderer Renderer
	// Committed, when set, is told the updates whose transaction has just
	// committed: their replies are then written for good. For measurement
	// (tipline load); it must return quickly.
	Committed func(updateIDs []int64)
}

// Service runs intake, workers and the sender.
type Service struct {
	cfg      *config.Config
	db       *sqlx.DB
	queue    Queue
	keys     *anon.Keys
	log      *slog.Logger
	handler  Handler
	renderer Renderer
	// committed is Deps.Committed, or nothing.
	committed func(updateIDs []int64)
	tg        *telegram
	mode      string

	// sandbox is the in-process emulator of sandbox mode.
	sandbox *telegramtest.Server

	// inbox and sent group the webhook's inserts and the sender's records
	// of delivery into few round trips and commits.
	inbox *batcher[inboxRow]
	sent  *batcher[sentMark]
	// delivered is what the sender recorded lately (see delivered).
	delivered *delivered
	// stmts prepares the statements the workers' transactions run.
	stmts *stmtcache.Cache

	// arrivals bounds the webhook requests processing their update on
	// arrival (arrivalSlots).
	arrivals   chan struct{}
	wake       chan struct{} // new inbox rows
	wakeSender chan struct{}
	limits     *limiter

	// Tunables, shortened by tests.
	pollTimeout time.Duration // getUpdates long poll
	idlePoll    time.Duration // how often idle workers look for other replicas' rows
	// sendPoll is how often an idle sender looks for messages. Rows queued by
	// other components (an officer's question, a reward notice, a digest)
	// wake nobody: this is their delay.
	sendPoll  time.Duration
	retryBase time.Duration // first backoff of a failed update or send
	retryMax  time.Duration
	// sendLease is how long a claimed message is held for its send: a send's
	// timeout and a margin. A sender that dies holds its chat that long; one
	// that fails to record gives the lease back at once.
	sendLease   time.Duration
	sendTimeout time.Duration
	senders     int
	// sender holds this service's outbox leases (see heartbeatLoop).
	sender outbox.Sender

	runOnce sync.Once
	// rateLimited counts the 429s this service met (for tests and logs).
	rateLimited atomic.Int64
}

// ErrNoHandler is returned by New when no conversation is given or built.
var ErrNoHandler = errors.New("bot: no conversation handler")

// sendTimeout bounds one Bot API request of the sender.
const sendTimeout = 30 * time.Second

// sandboxToken is the token of the sandbox emulator; it reaches nothing real.
const sandboxToken = "1000000001:sandbox-local-only-not-a-real-token"

// New builds the service. In sandbox mode, which must be asked for by name, it
// starts an in-process Telegram emulator, points the bot at it and says so.
func New(d Deps) (*Service, error) {
	if d.Config == nil || d.DB == nil || d.Keys == nil {
		return nil, errors.New("bot: config, database and keys are required")
	}
	if err := d.Config.Bot.RequireMode(); err != nil {
		return nil, err
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Service{
		cfg: d.Config, db: d.DB, queue: d.Queue, keys: d.Keys, log: d.Log.With("component", "bot"),
		handler: d.Handler, renderer: d.Renderer, committed: d.Committed, mode: d.Config.Bot.Mode,
		// One wake-up per worker can wait, so a burst of new rows wakes
		// every worker rather than one.
		wake:        make(chan struct{}, max(d.Config.Bot.Workers, 1)),
		wakeSender:  make(chan struct{}, 1),
		arrivals:    make(chan struct{}, arrivalSlots),
		pollTimeout: 25 * time.Second,
		idlePoll:    time.Second,
		sendPoll:    250 * time.Millisecond,
		retryBase:   time.Second,
		retryMax:    5 * time.Minute,
		sendLease:   sendTimeout + 15*time.Second,
		sendTimeout: sendTimeout,
		senders:     16,
		sender:      outbox.NewSender(),
	}
	s.limits = newLimiter(d.Config.Limits, time.Now)
	s.inbox = newBatcher(200, func(ctx context.Context, rows []inboxRow) error {
		_, err := s.store(ctx, rows)
		return err
	})
	s.sent = newBatcher(200, s.writeSent)
	s.delivered = newDelivered(4096)
	s.stmts = stmtcache.New(d.DB)
	apiURL, token := d.Config.Bot.APIURL, d.Config.Bot.Token
	if s.mode == "sandbox" {
		s.log.Warn("SANDBOX MODE (bot.mode: sandbox): the bot talks to a built-in emulator, not Telegram, and no citizen can reach it; " +
			"chat with it at /sandbox/ from this computer. Set bot.token and bot.mode for production.")
		s.sandbox = telegramtest.New(telegramtest.Options{Token: sandboxToken, BotUsername: "tipline_sandbox_bot", EnforceLimits: true})
		apiURL, token = s.sandbox.Start(), sandboxToken
	}
	tg, err := newTelegram(apiURL, token, sendTimeout, s.senders)
	if err != nil {
		s.closeSandbox()
		return nil, err
	}
	s.tg = tg
	if s.handler == nil || s.renderer == nil {
		h, r, err := defaultConversation(d, tg)
		if err != nil {
			s.closeSandbox()
			return nil, err
		}
		if s.handler == nil {
			s.handler = h
		}
		if s.renderer == nil {
			s.renderer = r
		}
	}
	if s.handler == nil || s.renderer == nil {
		s.closeSandbox()
		return nil, ErrNoHandler
	}
	return s, nil
}

// Files downloads what reporters send, for the conversation.
func (s *Service) Files() Files { return s.tg }

// Run receives, processes and sends until ctx is done, then waits for the
// work in hand to finish. It may be called once.
func (s *Service) Run(ctx context.Context) error {
	err := errors.New("bot: Run called twice")
	s.runOnce.Do(func() { err = s.run(ctx) })
	return err
}

func (s *Service) run(ctx context.Context) error {
	defer s.closeSandbox()
	s.warm(ctx)
	switch s.mode {
	case "webhook":
		if err := s.setWebhook(ctx); err != nil {
			return err
		}
	default:
		// A webhook left behind would make getUpdates fail.
		if err := s.tg.call(ctx, s.tg.poll, "deleteWebhook", map[string]any{}, nil); err != nil && ctx.Err() == nil {
			s.log.Warn("unable to delete the webhook", "err", err)
		}
	}
	var wg sync.WaitGroup
	start := func(f func(context.Context)) {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	if s.mode != "webhook" {
		start(s.pollLoop)
	}
	workers := s.workers()
	for range workers {
		start(s.workLoop)
	}
	s.beat(ctx)
	start(s.heartbeatLoop)
	start(s.sendLoop)
	start(s.statsLoop)
	s.log.Info("bot running", "mode", s.mode, "workers", workers)
	wg.Wait()
	if err := s.stmts.Close(); err != nil {
		s.log.Warn("unable to close prepared statements", "err", err)
	}
	return nil
}

// poolReserve is the connections kept from the workers: the webhook's
// inserts, the sender's claims and records, the statistics.
const poolReserve = 4

// workers is bot.workers, bounded by the pool: each worker holds a connection
// for its whole transaction, and workers that took them all would leave the
// webhook's inserts waiting, so intake (and Telegram's retries) would stall
// behind processing.
func (s *Service) workers() int {
	n := max(s.cfg.Bot.Workers, 1)
	if open := s.db.Stats().MaxOpenConnections; open > 0 && n > open-poolReserve {
		bounded := max(open-poolReserve, 1)
		s.log.Warn("fewer workers than configured: the database pool is smaller",
			"workers", n, "max_open_conns", open, "running", bounded)
		n = bounded
	}
	return n
}

func (s *Service) setWebhook(ctx context.Context) error {
	params := map[string]any{"url": s.cfg.Bot.Webhook.URL, "secret_token": s.cfg.Bot.Webhook.Secret,
		"max_connections": s.cfg.Bot.Webhook.MaxConnections}
	for attempt := 0; ; attempt++ {
		err := s.tg.call(ctx, s.tg.poll, "setWebhook", params, nil)
		if err == nil {
			return nil
		}
		s.log.Warn("unable to set the webhook, retrying", "err", err)
		if !sleep(ctx, backoff(s.retryBase, s.retryMax, attempt)) {
			return fmt.Errorf("bot: unable to set the webhook: %w", err)
		}
	}
}

func (s *Service) closeSandbox() {
	if s.sandbox != nil {
		s.sandbox.Close()
	}
}

// notify wakes one waiting goroutine of ch without blocking.
func notify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// sleep waits d or until ctx is done; false when ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// backoff doubles from base per attempt up to limit.
func backoff(base, limit time.Duration, attempt int) time.Duration {
	d := base
	for range min(attempt, 30) {
		d *= 2
		if d >= limit {
			return limit
		}
	}
	return d
}
