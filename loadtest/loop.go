package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/telegramtest"
)

// closedLoop sends texts from u until ctx ends, each once the bot has
// answered the last (spoke: its first message call to u's chat), and
// records each update → reply delivered time in trips. The bot makes one
// new message per text; spoke tells of new messages only.
func closedLoop(ctx context.Context, u *telegramtest.User, spoke <-chan struct{}, timeout time.Duration, updates *int, trips *[]time.Duration) error {
	for k := 0; ctx.Err() == nil; k++ {
		sent := time.Now()
		*updates++
		u.SendText(fmt.Sprintf("我看到有人在卖东西 %d", k))
		select {
		case <-spoke:
			*trips = append(*trips, time.Since(sent))
		case <-ctx.Done():
			return nil
		case <-time.After(timeout):
			return fmt.Errorf("loadtest: no answer to update %d within %s", k, timeout)
		}
	}
	return nil
}

// EchoResult is what the do-nothing bot achieved in a closed loop.
type EchoResult struct {
	Mode      string      `json:"mode"`
	Citizens  int         `json:"citizens"`
	Replies   int         `json:"replies"`
	Rate      float64     `json:"replies_per_second"`
	RoundTrip Percentiles `json:"round_trip"`
}

// Echo runs the closed loop of Options.Loop against a go-telegram/bot bot
// that answers every message with its text and does nothing else, through
// the same emulator and observer as Run: the floor a bot's round trip
// cannot go under on this machine. Only Citizens, Mode, Duration and
// StepTimeout are used.
func Echo(ctx context.Context, opts Options) (EchoResult, error) {
	opts.Loop = true
	opts.defaults()
	if opts.Mode != "webhook" && opts.Mode != "polling" {
		return EchoResult{}, ErrMode
	}
	tg := telegramtest.New(telegramtest.Options{Token: token, BotUsername: "echo_load_bot", MaxPendingUpdates: 1 << 20})
	defer tg.Close()
	api := newAPIObserver(tg.Handler())
	api.sendsOnly = true
	apiSrv := httptest.NewServer(api)
	defer apiSrv.Close()

	echo := func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
		if u.Message == nil {
			return
		}
		_, _ = b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
	}
	b, err := tgbot.New(token, tgbot.WithServerURL(apiSrv.URL), tgbot.WithDefaultHandler(echo),
		tgbot.WithSkipGetMe(), tgbot.WithWorkers(16), tgbot.WithErrorsHandler(func(error) {}))
	if err != nil {
		return EchoResult{}, fmt.Errorf("loadtest: unable to build the echo bot: %w", err)
	}
	botCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	if opts.Mode == "webhook" {
		hook := httptest.NewServer(b.WebhookHandler())
		defer hook.Close()
		if _, err := b.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: hook.URL}); err != nil {
			return EchoResult{}, fmt.Errorf("loadtest: unable to set the echo bot's webhook: %w", err)
		}
		go b.StartWebhook(botCtx)
	} else {
		go b.Start(botCtx)
	}

	runCtx, cancel := context.WithTimeout(ctx, opts.Duration)
	defer cancel()
	start := time.Now()
	api.start(start)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		trips []time.Duration
		errs  []error
	)
	for n := range opts.Citizens {
		u := tg.NewUser(telegramtest.UserOptions{FirstName: "Citizen", LastName: fmt.Sprint(n)})
		spoke := api.watch(u.ID())
		wg.Add(1)
		go func() {
			defer wg.Done()
			var updates int
			var mine []time.Duration
			err := closedLoop(runCtx, u, spoke, opts.StepTimeout, &updates, &mine)
			mu.Lock()
			trips = append(trips, mine...)
			errs = append(errs, err)
			mu.Unlock()
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	res := EchoResult{Mode: opts.Mode, Citizens: opts.Citizens, Replies: len(trips), Rate: float64(len(trips)) / secs,
		RoundTrip: percentiles(trips)}
	return res, errors.Join(errs...)
}
