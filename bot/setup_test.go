package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/telegramtest"
)

const testToken = "123456:test-token-abcdefghijklmnopqrstuvwxyz"

// echo is a conversation for tests: it records what it handled, answers every
// text with "echo: <text>", and panics on "boom" while failing is set.
type echo struct {
	keys *anon.Keys

	mu      sync.Mutex
	handled map[int64][]string // chat id → texts, in handling order
	count   map[int64]int      // update id → times committed
	failing bool
}

func (e *echo) Handle(ctx context.Context, tx botapi.Tx, u *models.Update) error {
	if u.Message == nil || u.Message.Text == "" {
		return nil // service messages, joins
	}
	chatID, text := u.Message.Chat.ID, u.Message.Text
	e.mu.Lock()
	failing := e.failing
	e.mu.Unlock()
	if failing && text == "boom" {
		panic("boom")
	}
	if text == "error" {
		return errors.New("refused")
	}
	ref := e.keys.Reporter(u.Message.From.ID)
	if _, err := outbox.Enqueue(ctx, tx, outbox.Message{To: outbox.Reporter(ref, e.keys.SealChat(chatID), e.keys), Kind: "reply",
		Payload: botapi.ReplyPayload{Request: botapi.Request{Method: botapi.SendMessage, Text: "echo: " + text}}}); err != nil {
		return err
	}
	e.mu.Lock()
	e.handled[chatID] = append(e.handled[chatID], text)
	e.count[int64(u.ID)]++
	e.mu.Unlock()
	return nil
}

// textRenderer renders "reply" rows and office "text" rows.
type textRenderer struct{}

func (textRenderer) Render(kind string, payload json.RawMessage) (botapi.Request, error) {
	switch kind {
	case "reply":
		var p botapi.ReplyPayload
		err := json.Unmarshal(payload, &p)
		return p.Request, err
	case "text":
		var p struct {
			Text string `json:"text"`
		}
		err := json.Unmarshal(payload, &p)
		return botapi.Request{Method: botapi.SendMessage, Text: p.Text}, err
	}
	return botapi.Request{}, fmt.Errorf("unknown kind %q", kind)
}

// unreachable records the tips the sender reported.
type unreachable struct {
	mu   sync.Mutex
	tips []int64
}

func (u *unreachable) MarkContactUnreachable(_ context.Context, _ sqlx.ExtContext, ids ...int64) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.tips = append(u.tips, ids...)
	return nil
}

type fixture struct {
	tg    *telegramtest.Server
	db    *sqlx.DB
	keys  *anon.Keys
	cfg   *config.Config
	echo  *echo
	queue *unreachable
}

func setup(t *testing.T, opts telegramtest.Options) *fixture {
	t.Helper()
	opts.Token = testToken
	tg := telegramtest.New(opts)
	url := tg.Start()
	t.Cleanup(tg.Close)
	keys, err := anon.NewKeys([]byte(strings.Repeat("r", 32)), []byte(strings.Repeat("s", 32)))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.APIURL = "polling", testToken, url
	cfg.Bot.Workers, cfg.Bot.MaxAttempts = 4, 2
	cfg.Bot.Webhook.Secret = "test-secret-0123456789"
	return &fixture{tg: tg, db: pgtest.DB(t), keys: keys, cfg: &cfg, echo: &echo{keys: keys, handled: map[int64][]string{}, count: map[int64]int{}}, queue: &unreachable{}}
}

// service builds a Service over the fixture with short test timings.
func (f *fixture) service(t *testing.T) *Service {
	t.Helper()
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: f.echo, Renderer: textRenderer{},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.pollTimeout, s.idlePoll, s.retryBase, s.retryMax = time.Second, 20*time.Millisecond, 10*time.Millisecond, 200*time.Millisecond
	s.sendPoll = 20 * time.Millisecond
	return s
}

// run starts s until the test ends.
func run(t *testing.T, s *Service) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return cancel
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// texts waits until the chat shows want (in order) and fails otherwise.
func texts(t *testing.T, ctx context.Context, v interface {
	WaitFor(context.Context, func([]telegramtest.Message) bool) error
	Messages() []telegramtest.Message
}, want ...string) {
	t.Helper()
	err := v.WaitFor(ctx, func(ms []telegramtest.Message) bool { return len(ms) >= len(want) })
	got := []string{}
	for _, m := range v.Messages() {
		got = append(got, m.Text)
	}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("chat shows %q, want %q (%v)", got, want, err)
	}
}

// count waits until query counts want, and returns the last count.
func count(t *testing.T, f *fixture, want int, query string, args ...any) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := f.db.Get(&n, query, args...); err != nil {
			t.Fatal(err)
		}
		if n == want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}
