package bot

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/telegramtest"
)

// say queues a reply to a simulated user, as the conversation would.
func (f *fixture) say(t *testing.T, u *telegramtest.User, text string, tipID int64) int64 {
	t.Helper()
	id, err := outbox.Enqueue(t.Context(), f.db, outbox.Message{
		To:   outbox.Reporter(f.keys.Reporter(u.ID()), f.keys.SealChat(u.ID()), f.keys),
		Kind: "reply", Payload: botapi.ReplyPayload{Request: botapi.Request{Method: botapi.SendMessage, Text: text}, TipID: tipID}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) office(t *testing.T, chatID int64, text string, lane outbox.Lane) {
	t.Helper()
	if _, err := outbox.Enqueue(t.Context(), f.db, outbox.Message{Lane: lane, To: outbox.Office(chatID), Kind: "text",
		Payload: map[string]string{"text": text}}); err != nil {
		t.Fatal(err)
	}
}

func numbered(prefix string, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

func TestSenderKeepsTelegramLimitsAndOrder(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{EnforceLimits: true})
	users := []*telegramtest.User{
		f.tg.NewUser(telegramtest.UserOptions{ID: 7501}),
		f.tg.NewUser(telegramtest.UserOptions{ID: 7502}),
		f.tg.NewUser(telegramtest.UserOptions{ID: 7503}),
	}
	group := f.tg.NewGroup("禁毒办值班")
	for _, text := range numbered("m", 4) {
		for _, u := range users {
			f.say(t, u, text, 0)
		}
	}
	for _, text := range numbered("g", 4) {
		f.office(t, group.ChatID(), text, outbox.Bulk)
	}
	s := f.service(t)
	run(t, s)
	ctx := waitCtx(t)
	for _, u := range users {
		texts(t, ctx, u, numbered("m", 4)...)
	}
	texts(t, ctx, group, numbered("g", 4)...)
	// The emulator refuses sends over the limits with 429: none was made.
	if got := s.rateLimited.Load(); got != 0 {
		t.Fatalf("%d sends refused with 429", got)
	}
	if n := count(t, f, 0, `SELECT count(*) FROM outbox WHERE state <> 'sent' OR telegram_message_id IS NULL`); n != 0 {
		t.Fatalf("%d messages not recorded as sent", n)
	}
}

func TestSenderWaitsOutFailuresAndDeliversInOrder(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7601})
	v := f.tg.NewUser(telegramtest.UserOptions{ID: 7602})
	f.tg.FailNext("sendMessage", 1, http.StatusTooManyRequests, 1)
	f.tg.FailNext("sendMessage", 2, http.StatusBadGateway, 0)
	f.tg.FailNext("sendMessage", 1, http.StatusInternalServerError, 0)
	f.tg.Hang("sendMessage", 700*time.Millisecond, 1)
	for _, text := range numbered("x", 4) {
		f.say(t, u, text, 0)
		f.say(t, v, text, 0)
	}
	s := f.service(t)
	tg, err := newTelegram(f.tg.URL(), testToken, 300*time.Millisecond, 4)
	if err != nil {
		t.Fatal(err)
	}
	s.tg, s.sendTimeout = tg, 300*time.Millisecond
	start := time.Now()
	run(t, s)
	ctx := waitCtx(t)
	// A send that timed out but happened is sent again: at least once, in order.
	for _, chat := range []*telegramtest.User{u, v} {
		err := chat.WaitFor(ctx, func(ms []telegramtest.Message) bool { return len(ms) > 0 && ms[len(ms)-1].Text == "x3" })
		if err != nil {
			t.Fatal(err)
		}
		last := ""
		for _, m := range chat.Messages() {
			if m.Text < last {
				t.Fatalf("out of order: %q after %q", m.Text, last)
			}
			last = m.Text
		}
	}
	// The first send was refused with a 429 asking for a second, and the
	// limiter pauses every chat on a 429: the emulator's log shows no send
	// to either chat before that second had passed.
	for _, chat := range []*telegramtest.User{u, v} {
		for _, at := range f.tg.SendTimes(chat.ID()) {
			if at.Before(start.Add(time.Second)) {
				t.Fatalf("a send reached chat %d at %v, before retry_after passed (first call after %v)", chat.ID(), at, start)
			}
		}
	}
	if n := count(t, f, 0, `SELECT count(*) FROM outbox WHERE state <> 'sent'`); n != 0 {
		t.Fatalf("%d not recorded as sent", n)
	}
	var attempts int
	if err := f.db.Get(&attempts, `SELECT max(attempts) FROM outbox`); err != nil || attempts < 2 {
		t.Fatalf("max attempts %d: failures not counted (%v)", attempts, err)
	}
}

func TestSenderMarksBlockedReporterUnreachable(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7701})
	u.BlockBot()
	id := f.say(t, u, "您的举报已收到", 99)
	f.office(t, -1007701, "", outbox.Notice) // unknown chat, empty text: refused for good
	run(t, f.service(t))
	if n := count(t, f, 2, `SELECT count(*) FROM outbox WHERE state = 'dead'`); n != 2 {
		t.Fatalf("%d dead rows, want 2", n)
	}
	var reason string
	if err := f.db.Get(&reason, `SELECT coalesce(last_error, '') FROM outbox WHERE id = $1 AND state = 'dead'`, id); err != nil {
		t.Fatalf("blocked row not dead: %v", err)
	}
	f.queue.mu.Lock()
	defer f.queue.mu.Unlock()
	if len(f.queue.tips) != 1 || f.queue.tips[0] != 99 {
		t.Fatalf("unreachable tips %v", f.queue.tips)
	}
}

func TestSenderFollowsGroupMigration(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	group := f.tg.NewGroup("禁毒办")
	oldID := group.ChatID()
	newID, err := f.tg.MigrateGroup(oldID)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range numbered("d", 3) {
		f.office(t, oldID, text, outbox.Bulk)
	}
	run(t, f.service(t))
	ctx := waitCtx(t)
	texts(t, ctx, group, numbered("d", 3)...)
	if n := count(t, f, 0, `SELECT count(*) FROM outbox WHERE chat_id <> $1 OR state <> 'sent'`, newID); n != 0 {
		t.Fatalf("%d rows still addressed to the old group or unsent", n)
	}
}

func TestEditInPlaceRefersToEarlierRow(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7801})
	first := f.say(t, u, "step 1", 0)
	if _, err := outbox.Enqueue(t.Context(), f.db, outbox.Message{
		To:   outbox.Reporter(f.keys.Reporter(u.ID()), f.keys.SealChat(u.ID()), f.keys),
		Kind: "reply", Payload: botapi.ReplyPayload{Request: botapi.Request{Method: botapi.EditMessageText, Text: "step 2", ReplyToOutbox: first}}}); err != nil {
		t.Fatal(err)
	}
	run(t, f.service(t))
	ctx := waitCtx(t)
	err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
		return len(ms) == 1 && ms[0].Text == "step 2" && ms[0].Edits == 1
	})
	if err != nil {
		t.Fatalf("chat %+v: %v", u.Messages(), err)
	}
}
