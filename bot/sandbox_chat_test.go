package bot

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/telegramtest"
)

// alerter is a conversation that offers one button on every text and
// answers its press with a show_alert refusal, as the daily limit does.
type alerter struct{ echo *echo }

func (a alerter) Handle(ctx context.Context, tx botapi.Tx, u *models.Update) error {
	var chatID, from int64
	req := botapi.Request{Method: botapi.AnswerCallbackQuery, Text: "今天的举报已达上限。", ShowAlert: true}
	switch {
	case u.CallbackQuery != nil:
		chatID, from = u.CallbackQuery.Message.Message.Chat.ID, u.CallbackQuery.From.ID
		req.CallbackQueryID = u.CallbackQuery.ID
	case u.Message != nil && u.Message.Text != "":
		chatID, from = u.Message.Chat.ID, u.Message.From.ID
		req = botapi.Request{Method: botapi.SendMessage, Text: "收到 " + u.Message.Text[:3],
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "提交", CallbackData: "r:submit"}}}}}
	default:
		return nil
	}
	keys := a.echo.keys
	_, err := outbox.Enqueue(ctx, tx, outbox.Message{To: outbox.Reporter(keys.Reporter(from), keys.SealChat(chatID), keys),
		Kind: "reply", Payload: botapi.ReplyPayload{Request: req}})
	return err
}

// sandboxState is what the page polls.
type sandboxState struct {
	Messages []struct {
		ID      int
		Text    string
		Mine    bool
		Buttons [][]struct{ Text, Data string }
	}
	Alert *struct{ ID, Text string }
}

// The sandbox shows what Telegram would: the person's own messages, a long
// Chinese text (characters, not bytes, are counted) and a press refused with
// show_alert.
func TestSandboxShowsTheWholeChat(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Mode, f.cfg.Bot.Token = "sandbox", ""
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: alerter{f.echo}, Renderer: textRenderer{}})
	if err != nil {
		t.Fatal(err)
	}
	s.idlePoll = 20 * time.Millisecond
	run(t, s)
	srv := httptest.NewServer(s.SandboxHandler())
	t.Cleanup(srv.Close)
	state := func() sandboxState {
		t.Helper()
		resp, err := http.Get(srv.URL + "/sandbox/messages")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var st sandboxState
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	waitFor := func(what string, ok func(sandboxState) bool) sandboxState {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			st := state()
			if ok(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s: %+v", what, st)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	long := strings.Repeat("东山街道有人卖冰毒。", 150) // 1,500 characters, 4,500 bytes
	resp, err := http.PostForm(srv.URL+"/sandbox/text", url.Values{"text": {long}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("a 1,500-character Chinese text: %d", resp.StatusCode)
	}
	st := waitFor("the bot's answer", func(st sandboxState) bool {
		return len(st.Messages) == 2 && len(st.Messages[1].Buttons) == 1
	})
	if !st.Messages[0].Mine || st.Messages[0].Text != long || st.Messages[1].Mine {
		t.Fatalf("the chat does not show the person's own message first: %+v", st.Messages)
	}
	if st.Alert != nil {
		t.Fatalf("an alert before any press: %+v", st.Alert)
	}

	resp, err = http.PostForm(srv.URL+"/sandbox/press", url.Values{"message": {strconv.Itoa(st.Messages[1].ID)}, "data": {"r:submit"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	st = waitFor("the alert", func(st sandboxState) bool { return st.Alert != nil })
	if st.Alert.Text != "今天的举报已达上限。" {
		t.Fatalf("alert %+v", st.Alert)
	}
}
