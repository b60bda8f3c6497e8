// Package loadtest drives the citizen side of Tipline at load, in one process:
// a Bot API emulator, the real bot service (intake, workers, conversation,
// sender) over the real queue and a migrated database, and simulated citizens
// who each go through the whole report flow as fast as the bot answers.
//
//	citizens ──updates──▶ emulator ──webhook / getUpdates──▶ bot intake ─▶ bot_inbox
//	    ▲                    ▲                                               │ workers
//	    └── replies ─────────┴──────────── sender ◀── outbox ◀── conversation ┘
//
// It measures what the bot can take (updates accepted and processed per second,
// the time from an update's arrival to its reply being written), what the
// sender delivers against Telegram's limits (enforced by the emulator) and
// whether anything was lost: every tip stored once, every receipt delivered,
// every outbox row sent and every chat holding what the outbox says it was sent.
package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/bot/chat"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// Options shape a run. Zero values take the defaults noted.
type Options struct {
	Citizens       int           // simulated citizens; default 200
	TipsPerCitizen int           // reports each citizen files; default 1
	Duration       time.Duration // stop starting steps after this; 0 runs until every citizen is done
	// EnforceLimits makes the emulator refuse sends over Telegram's limits (30
	// a second overall, about 1 a second per chat) and configures the bot's
	// sender with those limits. Without it both are lifted, so the run measures
	// intake and processing alone.
	EnforceLimits bool
	// SendPerSecond overrides the sender's overall limit (limits.send_per_second);
	// above 30 with EnforceLimits it provokes 429s, to check they are honoured.
	SendPerSecond int
	Mode          string // "webhook" (default) or "polling"
	Workers       int    // bot.workers; default 16, as configured by default
	// Burst, when positive, replaces the report flow: each citizen posts Burst
	// messages at once without waiting for answers, as a crowd would after a
	// broadcast. It measures intake and processing apart from the sender.
	Burst int
	// Rate, when positive, replaces the report flow with an open loop: text
	// messages are offered at Rate a second in all, spread evenly across the
	// citizens, for Duration (default 10 s), whatever the bot's answers. The
	// latency is then measured at that offered load rather than behind a
	// backlog the run made itself, as a burst does.
	Rate int
	// Loop, when true, replaces the report flow with a closed loop: each
	// citizen sends a text, waits for the bot's first message call to their
	// chat (the reply delivered at the Bot API, not merely committed) and
	// sends the next, for Duration (default 10 s). RoundTrip is then the
	// update → reply delivered time.
	Loop bool
	// StepTimeout bounds how long a citizen waits for one answer; default 2 minutes.
	StepTimeout time.Duration
	// DrainTimeout bounds the wait for the outbox to empty once citizens are
	// done; default 2 minutes plus a second per 30 pending messages.
	DrainTimeout time.Duration
	Log          *slog.Logger // the bot's log; default discards
}

func (o *Options) defaults() {
	if o.Citizens <= 0 {
		o.Citizens = 200
	}
	if o.TipsPerCitizen <= 0 {
		o.TipsPerCitizen = 1
	}
	if o.Mode == "" {
		o.Mode = "webhook"
	}
	if o.Workers <= 0 {
		o.Workers = config.Default().Bot.Workers
	}
	if (o.Rate > 0 || o.Loop) && o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.StepTimeout <= 0 {
		o.StepTimeout = 2 * time.Minute
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = 2 * time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// ErrMode is returned for a bot mode the run does not know.
var ErrMode = errors.New("loadtest: mode must be webhook or polling")

// ErrFlow is returned for a run asked to be two of a burst, an open loop
// and a closed loop.
var ErrFlow = errors.New("loadtest: Burst and Rate exclude each other")

const token = "4242424242:load-test-token-reaches-nothing"

// rig is one run's moving parts.
type rig struct {
	opts    Options
	db      *sqlx.DB
	cfg     *config.Config
	keys    *anon.Keys
	store   *queue.Store
	tg      *telegramtest.Server
	api     *apiObserver
	timings *timings
	svc     *bot.Service
	base    baseline
}

// Run performs one load run on db, which must be migrated. It returns the
// measurements even when the checks fail (Result.Check.OK is false then); an
// error means the run itself could not be made.
func Run(ctx context.Context, db *sqlx.DB, opts Options) (Result, error) {
	opts.defaults()
	if opts.Mode != "webhook" && opts.Mode != "polling" {
		return Result{}, ErrMode
	}
	if (opts.Rate > 0 || opts.Loop) && opts.Burst > 0 || opts.Rate > 0 && opts.Loop {
		return Result{}, ErrFlow
	}
	r := &rig{opts: opts, db: db, timings: newTimings()}
	if err := clearInbox(ctx, db); err != nil {
		return Result{}, err
	}
	base, err := readBaseline(ctx, db)
	if err != nil {
		return Result{}, err
	}
	r.base = base
	if err := r.configure(); err != nil {
		return Result{}, err
	}

	r.tg = telegramtest.New(telegramtest.Options{Token: token, BotUsername: "tipline_load_bot",
		EnforceLimits: opts.EnforceLimits, MaxPendingUpdates: 1 << 20})
	defer r.tg.Close()
	r.api = newAPIObserver(r.tg.Handler())
	r.api.sendsOnly = opts.Loop
	apiSrv := httptest.NewServer(r.api)
	defer apiSrv.Close()
	r.cfg.Bot.APIURL = apiSrv.URL

	if opts.Mode == "webhook" {
		// Telegram is told the URL when the service runs; until the handler is
		// set the server answers 503 and the emulator retries, as Telegram would.
		var wh atomic.Pointer[http.Handler]
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			h := wh.Load()
			if h == nil {
				http.Error(w, "not ready", http.StatusServiceUnavailable)
				return
			}
			(*h).ServeHTTP(w, req)
		}))
		defer hook.Close()
		r.cfg.Bot.Webhook.URL = hook.URL + "/telegram/webhook"
		if err := r.buildService(); err != nil {
			return Result{}, err
		}
		h := r.timings.webhook(r.svc.WebhookHandler())
		wh.Store(&h)
	} else if err := r.buildService(); err != nil {
		return Result{}, err
	}

	citizens := make([]*citizen, opts.Citizens)
	for i := range citizens {
		citizens[i] = r.newCitizen(i)
	}

	svcCtx, cancelSvc := context.WithCancel(context.WithoutCancel(ctx))
	svcDone := make(chan struct{})
	go func() { defer close(svcDone); _ = r.svc.Run(svcCtx) }()
	stopSvc := func() { cancelSvc(); <-svcDone }
	defer stopSvc()

	sampler := newBacklogSampler(db, r.base.outboxID)
	sampleCtx, stopSampling := context.WithCancel(ctx)
	go sampler.run(sampleCtx)

	start := time.Now()
	r.api.start(start)
	runCtx := ctx
	if opts.Duration > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, opts.Duration)
		defer cancel()
	}
	var wg sync.WaitGroup
	for _, c := range citizens {
		wg.Add(1)
		go func() { defer wg.Done(); c.run(runCtx, start) }()
	}
	wg.Wait()
	switch {
	case opts.Rate > 0 || opts.Loop:
		// The offer is over when the bot has processed what was offered; runCtx
		// has ended with the offer.
		posted := 0
		for _, c := range citizens {
			posted += c.updates
		}
		waitCtx, cancel := context.WithTimeout(ctx, opts.DrainTimeout)
		r.waitProcessed(waitCtx, posted)
		cancel()
	case opts.Burst > 0:
		// The burst is over when the bot has processed all of it.
		r.waitProcessed(runCtx, opts.Citizens*opts.Burst)
	}
	active := time.Since(start)

	drainErr := r.drain(ctx)
	stopSampling()
	stopSvc()
	total := time.Since(start)

	res := r.result(citizens, active, total, sampler)
	if err := r.check(ctx, citizens, &res); err != nil {
		return res, err
	}
	if drainErr != nil {
		res.Check.fail("outbox not drained: %v", drainErr)
	}
	return res, nil
}

// configure builds the service's configuration: defaults, fresh keys, the
// citizen limits lifted (a citizen here answers in milliseconds and files
// several reports; the limits are for floods, not for this) and the send
// limits as asked.
func (r *rig) configure() error {
	cfg := config.Default()
	secret := make([]byte, 24)
	_, _ = rand.Read(secret)
	cfg.Keys = config.GenerateKeys()
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.Workers = r.opts.Mode, token, r.opts.Workers
	cfg.Bot.Webhook.Secret = hex.EncodeToString(secret)
	cfg.Limits.TipsPerDay = r.opts.TipsPerCitizen + 1
	cfg.Limits.MessagesPerMinute = 1 << 20
	if r.opts.EnforceLimits {
		cfg.Limits.SendPerSecond, cfg.Limits.SendPerChatSecond = 30, 1
	} else {
		cfg.Limits.SendPerSecond, cfg.Limits.SendPerChatSecond = 1<<20, 1<<20
	}
	if r.opts.SendPerSecond > 0 {
		cfg.Limits.SendPerSecond = r.opts.SendPerSecond
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return fmt.Errorf("loadtest: unable to load the time zone: %w", err)
	}
	cfg.Location = loc
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		return fmt.Errorf("loadtest: unable to make keys: %w", err)
	}
	r.cfg, r.keys = &cfg, keys
	r.store = queue.NewStore(r.db, &cfg, receiptKey)
	return nil
}

// buildService makes the real bot service with the real conversation, wrapped
// so that the moment each update's reply is written is known.
func (r *rig) buildService() error {
	h := r.timings.handler()
	svc, err := bot.New(bot.Deps{Config: r.cfg, DB: r.db, Queue: r.store, Keys: r.keys, Log: r.opts.Log, Handler: h,
		Committed: r.timings.committed})
	if err != nil {
		return fmt.Errorf("loadtest: unable to build the bot: %w", err)
	}
	conv, err := chat.New(chat.Deps{Config: r.cfg, Queue: r.store, Keys: r.keys, Files: svc.Files(), Log: r.opts.Log})
	if err != nil {
		return fmt.Errorf("loadtest: unable to build the conversation: %w", err)
	}
	h.inner = conv
	r.svc = svc
	return nil
}

// drain waits until the bot has processed every update and sent every message.
func (r *rig) drain(ctx context.Context) error {
	pending, err := r.pending(ctx)
	if err != nil {
		return err
	}
	limit := r.opts.DrainTimeout + time.Duration(pending/30)*time.Second
	deadline := time.Now().Add(limit)
	for {
		n, err := r.pending(ctx)
		if err != nil {
			return err
		}
		if n == 0 && r.tg.PendingUpdates() == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d inbox and outbox rows still pending after %s", n, limit)
		}
		if !sleep(ctx, 50*time.Millisecond) {
			return ctx.Err()
		}
	}
}

func (r *rig) waitProcessed(ctx context.Context, n int) {
	for ctx.Err() == nil {
		r.timings.mu.Lock()
		done := r.timings.handled >= n
		r.timings.mu.Unlock()
		if done || !sleep(ctx, 5*time.Millisecond) {
			return
		}
	}
}

func (r *rig) pending(ctx context.Context) (int, error) {
	const q = `
		SELECT (SELECT count(*) FROM outbox WHERE state = 'pending' AND id > $1)
		     + (SELECT count(*) FROM bot_inbox WHERE state = 'pending')`
	var n int
	if err := r.db.GetContext(ctx, &n, q, r.base.outboxID); err != nil {
		return 0, fmt.Errorf("loadtest: unable to count pending rows: %w", err)
	}
	return n, nil
}

// ErrInboxBusy is returned for a database whose inbox still has work.
var ErrInboxBusy = errors.New("loadtest: bot_inbox has pending or parked updates; run on a database no bot is using")

// clearInbox forgets the processed updates of earlier runs: the emulator's
// update ids start at the same number every run, and the inbox would take a
// new update with an old id for a redelivery and drop it. Processed rows hold
// no payload; only their ids go.
func clearInbox(ctx context.Context, db *sqlx.DB) error {
	var busy int
	if err := db.GetContext(ctx, &busy, `SELECT count(*) FROM bot_inbox WHERE state IN ('pending', 'parked')`); err != nil {
		return fmt.Errorf("loadtest: unable to read the inbox: %w", err)
	}
	if busy > 0 {
		return ErrInboxBusy
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM bot_inbox WHERE state IN ('done', 'discarded')`); err != nil {
		return fmt.Errorf("loadtest: unable to clear the inbox: %w", err)
	}
	return nil
}

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
