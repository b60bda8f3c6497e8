package chat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/bot/chat"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// stack is the whole citizen side under test: the Bot API emulator, the real
// bot service (intake, workers, sender) with the real conversation, and the
// real queue on a private PostgreSQL database.
type stack struct {
	ctx   context.Context
	tg    *telegramtest.Server
	cfg   *config.Config
	db    *sqlx.DB
	store *queue.Store
	keys  *anon.Keys
}

// newStack starts the stack; tune may change the config before it starts.
// Sends are not throttled unless tune says so: most tests are about what is
// said, not about Telegram's pace.
func newStack(t *testing.T, tune func(*config.Config)) *stack {
	t.Helper()
	const token = "123456:chat-e2e-token"
	tg := telegramtest.New(telegramtest.Options{Token: token})
	url := tg.Start()
	t.Cleanup(tg.Close)

	cfg := config.Default()
	cfg.Keys = config.GenerateKeys()
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.APIURL, cfg.Bot.Workers = "polling", token, url, 2
	cfg.Limits.SendPerChatSecond, cfg.Limits.SendPerSecond = 1000, 1000
	cfg.Location = time.UTC
	if tune != nil {
		tune(&cfg)
	}
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	db := pgtest.DB(t)
	// The server is shared with other suites: a stack needs a few connections
	// (a worker's transaction, the intake, the sender), not one per goroutine.
	db.SetMaxOpenConns(6)
	store := queue.NewStore(db, &cfg, receiptKey)
	svc, err := bot.New(bot.Deps{Config: &cfg, DB: db, Queue: store, Keys: keys, Log: slog.New(slog.NewTextHandler(stackLog(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	// The service lives as long as the test; each wait has its own deadline,
	// counted from when it starts, since parallel subtests may wait their turn
	// for a long time on a busy machine before they begin.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &stack{ctx: ctx, tg: tg, cfg: &cfg, db: db, store: store, keys: keys}
}

// actor creates an officer account of role and returns it as the queue sees it.
func (s *stack) actor(t *testing.T, username, role string) queue.Actor {
	t.Helper()
	o, err := officer.NewStore(s.db).Create(s.ctx, username, officer.Role(role), "correct horse battery staple 42")
	if err != nil {
		t.Fatal(err)
	}
	return queue.Actor{ID: o.ID, Username: o.Username, Role: o.Role}
}

// citizen is one simulated Telegram user talking to the bot.
type citizen struct {
	s      *stack
	t      *testing.T
	u      *telegramtest.User
	locale string // the conversation's locale for the user's language_code
}

func (s *stack) citizen(t *testing.T, languageCode string) *citizen {
	return s.citizenWith(t, telegramtest.UserOptions{FirstName: "Wei", LastName: "Zhang", Username: "zhangwei_secret", LanguageCode: languageCode})
}

func (s *stack) citizenWith(t *testing.T, o telegramtest.UserOptions) *citizen {
	return &citizen{s: s, t: t, u: s.tg.NewUser(o), locale: chat.LocaleFrom(o.LanguageCode)}
}

// tr is a catalogue text in the citizen's language.
func (c *citizen) tr(key string, args ...any) string { return chat.Tr(c.locale, key, args...) }

// mark is how many messages the bot has sent the citizen so far.
func (c *citizen) mark() int { return len(c.u.Messages()) }

// stepTimeout bounds one wait for the bot's answer.
const stepTimeout = 30 * time.Second

// waitMsg waits for the newest message at or after index from for which ok
// holds and returns it.
func (c *citizen) waitMsg(from int, what string, ok func(telegramtest.Message) bool) telegramtest.Message {
	c.t.Helper()
	var found telegramtest.Message
	ctx, cancel := context.WithTimeout(c.s.ctx, stepTimeout)
	defer cancel()
	err := c.u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
		for i := len(ms) - 1; i >= from; i-- {
			if ok(ms[i]) {
				found = ms[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		var got []string
		for _, m := range c.u.Messages() {
			got = append(got, m.Text)
		}
		c.t.Fatalf("waiting for %s: %v; chat shows %q; %s", what, err, got, c.s.backlog())
	}
	return found
}

// wait returns the newest message that has button data (when given) and
// contains text.
func (c *citizen) wait(data, text string) telegramtest.Message {
	c.t.Helper()
	return c.waitMsg(0, data+" "+text, func(m telegramtest.Message) bool {
		return (data == "" || m.HasButton(data)) && strings.Contains(m.Text, text)
	})
}

// waitText waits for a message after mark that contains text.
func (c *citizen) waitText(from int, text string) telegramtest.Message {
	c.t.Helper()
	return c.waitMsg(from, text, func(m telegramtest.Message) bool { return strings.Contains(m.Text, text) })
}

func (c *citizen) press(data, text string) {
	c.t.Helper()
	if _, err := c.u.Press(c.wait(data, text), data); err != nil {
		c.t.Fatal(err)
	}
}

// pressPrefix presses the newest button whose data starts with prefix (signed
// tip buttons) on a message after from.
func (c *citizen) pressPrefix(from int, prefix string) {
	c.t.Helper()
	var data string
	m := c.waitMsg(from, "a button "+prefix, func(m telegramtest.Message) bool {
		for _, row := range m.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, prefix) {
					data = b.CallbackData
					return true
				}
			}
		}
		return false
	})
	if _, err := c.u.Press(m, data); err != nil {
		c.t.Fatal(err)
	}
}

var receiptPattern = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// report files a drink-driving report through the wizard with the given
// consent ("chat" or "code") and returns the tip and its receipt.
func (c *citizen) report(consent, description string) (int64, queue.Receipt) {
	c.t.Helper()
	from := c.mark()
	c.u.SendCommand("/start")
	c.press("m:report", "")
	c.press("c:drug_driving", "")
	c.press("a:dongshan", "")
	c.press("o:today", "")
	c.u.SendText(description)
	c.press("d:done", "")
	c.press("e:done", "")
	c.press("k:"+consent, "")
	c.press("r:submit", "")
	return c.receipt(from)
}

// receipt reads the receipt shown after from and finds its tip.
func (c *citizen) receipt(from int) (int64, queue.Receipt) {
	c.t.Helper()
	m := c.waitMsg(from, "a receipt", func(m telegramtest.Message) bool { return receiptPattern.MatchString(m.Text) })
	r := queue.Receipt(receiptPattern.FindString(m.Text))
	view, err := c.s.store.LookupReceipt(c.s.ctx, c.s.db, r)
	if err != nil {
		c.t.Fatal(err)
	}
	return view.TipID, r
}

// check sends /status with the receipt and returns the index from which the
// answer is shown.
func (c *citizen) check(r queue.Receipt) int {
	from := c.mark()
	c.u.SendCommand("/status " + strings.ToLower(string(r)))
	return from
}

// state reads a tip's state.
func (s *stack) state(t *testing.T, id int64) queue.State {
	t.Helper()
	tip, err := s.store.Get(s.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return tip.State
}

// sealed says whether a tip still holds a sealed contact.
func (s *stack) sealed(t *testing.T, id int64) bool {
	t.Helper()
	var has bool
	if err := s.db.GetContext(s.ctx, &has, `SELECT contact_sealed IS NOT NULL FROM tips WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return has
}

// dialogue reads a tip's dialogue.
func (s *stack) dialogue(t *testing.T, id int64) []queue.Dialogue {
	t.Helper()
	_, _, ds, err := s.store.Timeline(s.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// languages are the Telegram language codes the tests run in: Chinese
// (zh-CN, the default) and English.
var languages = []string{"zh-hans", "en"}

func stackLog() io.Writer {
	if os.Getenv("STACK_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// backlog describes the inbox and the outbox, for failure messages.
func (s *stack) backlog() string {
	var rows []string
	_ = s.db.Select(&rows, `SELECT 'inbox ' || state || ' ' || count(*) || ' ' || coalesce(max(last_error), '') FROM bot_inbox GROUP BY state
		UNION ALL SELECT 'outbox ' || kind || ' ' || state || ' ' || count(*) || ' ' || coalesce(max(last_error), '') FROM outbox GROUP BY kind, state`)
	return strings.Join(rows, "; ") + fmt.Sprintf("; emulator pending updates %d", s.tg.PendingUpdates())
}
