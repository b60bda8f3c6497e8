package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/telegramtest"
)

// TestWebhookProcessesOnArrival checks which updates the webhook processes in
// its own request and which it leaves pending for the workers. The service is
// not running: no worker takes anything, so what is done was done on arrival.
func TestWebhookProcessesOnArrival(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Mode = "webhook"
	s := f.service(t)
	h := s.WebhookHandler()
	post := func(body string) {
		t.Helper()
		r := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
		r.Header.Set("X-Telegram-Bot-Api-Secret-Token", f.cfg.Bot.Webhook.Secret)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("update %.40q answered %d", body, w.Code)
		}
	}
	text := func(id, chat int64, text string) string {
		return fmt.Sprintf(`{"update_id": %d, "message": {"message_id": %d, "date": 1, "chat": {"id": %d, "type": "private"}, "from": {"id": %d, "is_bot": false, "first_name": "X"}, "text": %q}}`,
			id, id, chat, chat, text)
	}
	type row struct {
		State    string `db:"state"`
		Attempts int    `db:"attempts"`
		Sealed   bool   `db:"sealed"`
		Error    string `db:"last_error"`
		Later    bool   `db:"later"`
	}
	inbox := func(id int64) row {
		t.Helper()
		var r row
		if err := f.db.Get(&r, `SELECT state, attempts, payload_sealed IS NOT NULL AS sealed, coalesce(last_error, '') AS last_error,
			coalesce(locked_until > now(), false) AS later FROM bot_inbox WHERE update_id = $1`, id); err != nil {
			t.Fatalf("update %d: %v", id, err)
		}
		return r
	}
	handled := func(chat int64) []string {
		f.echo.mu.Lock()
		defer f.echo.mu.Unlock()
		return append([]string(nil), f.echo.handled[chat]...)
	}

	// A text: done, its payload never kept, its reply queued, once.
	post(text(101, 8101, "hi"))
	post(text(101, 8101, "hi")) // Telegram's redelivery
	if r := inbox(101); r != (row{State: "done", Attempts: 1}) {
		t.Fatalf("processed update stored as %+v", r)
	}
	if got := handled(8101); len(got) != 1 || got[0] != "hi" {
		t.Fatalf("chat handled %q, want one \"hi\"", got)
	}
	if n := count(t, f, 1, `SELECT count(*) FROM outbox`); n != 1 {
		t.Fatalf("%d replies queued, want 1", n)
	}

	// A chat with a pending update: the new one waits behind it.
	if _, err := s.store(t.Context(), []inboxRow{{UpdateID: 102, ChatKey: s.keys.ChatKey(8102), Sealed: s.keys.Seal([]byte(text(102, 8102, "first")))}}); err != nil {
		t.Fatal(err)
	}
	post(text(103, 8102, "second"))
	if r := inbox(103); r.State != "pending" || !r.Sealed {
		t.Fatalf("update behind a pending one stored as %+v", r)
	}

	// A file: its download must not hold the request.
	post(`{"update_id": 104, "message": {"message_id": 4, "date": 1, "chat": {"id": 8104, "type": "private"}, "from": {"id": 8104, "is_bot": false, "first_name": "X"}, "photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]}}`)
	if r := inbox(104); r.State != "pending" || r.Attempts != 0 {
		t.Fatalf("update with a file stored as %+v", r)
	}

	// A failing conversation: nothing it did stays, the attempt is counted
	// and a retry scheduled, as a worker's failure would (an hour away, so
	// that the workers started below leave it alone).
	s.retryBase = time.Hour
	post(text(105, 8105, "error"))
	if r := inbox(105); r.State != "pending" || r.Attempts != 1 || !r.Sealed || r.Error == "" || !r.Later {
		t.Fatalf("failed update stored as %+v", r)
	}
	f.echo.mu.Lock()
	f.echo.failing = true
	f.echo.mu.Unlock()
	f.cfg.Bot.MaxAttempts = 1
	post(text(106, 8106, "boom"))
	if r := inbox(106); r.State != "parked" || r.Attempts != 1 || !r.Sealed || r.Later {
		t.Fatalf("update that panicked with no retry allowed stored as %+v", r)
	}
	if n := count(t, f, 1, `SELECT count(*) FROM outbox`); n != 1 {
		t.Fatalf("%d replies queued after the failures, want 1", n)
	}

	// The workers take what was left pending, in order.
	f.echo.mu.Lock()
	f.echo.failing = false
	f.echo.mu.Unlock()
	f.cfg.Bot.MaxAttempts = 2
	run(t, s)
	if n := count(t, f, 0, `SELECT count(*) FROM bot_inbox WHERE update_id IN (102, 103) AND state <> 'done'`); n != 0 {
		t.Fatalf("%d of the pending updates never processed", n)
	}
	if got := handled(8102); strings.Join(got, ",") != "first,second" {
		t.Fatalf("chat behind a pending update handled %q, want first,second", got)
	}
}
