package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/telegramtest"
)

func TestPollingProcessesEachChatInOrder(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	run(t, f.service(t))
	ctx := waitCtx(t)
	a := f.tg.NewUser(telegramtest.UserOptions{ID: 770012345, Username: "zhang_wei_77", FirstName: "Wei"})
	b := f.tg.NewUser(telegramtest.UserOptions{ID: 770023456, Username: "li_na_88", FirstName: "Na"})
	var wantA, wantB []string
	for i := range 5 {
		a.SendText(fmt.Sprintf("a%d", i))
		b.SendText(fmt.Sprintf("b%d", i))
		wantA = append(wantA, fmt.Sprintf("echo: a%d", i))
		wantB = append(wantB, fmt.Sprintf("echo: b%d", i))
	}
	texts(t, ctx, a, wantA...)
	texts(t, ctx, b, wantB...)
	f.echo.mu.Lock()
	gotA := slices.Clone(f.echo.handled[a.ID()])
	f.echo.mu.Unlock()
	if strings.Join(gotA, ",") != "a0,a1,a2,a3,a4" {
		t.Fatalf("chat a handled in order %v", gotA)
	}

	// Nothing of the update stays in clear, nor sealed once processed.
	var left int
	if err := f.db.Get(&left, `SELECT count(*) FROM bot_inbox WHERE payload_sealed IS NOT NULL OR state <> 'done'`); err != nil || left != 0 {
		t.Fatalf("%d inbox rows not done and erased (%v)", left, err)
	}
	assertNotStored(t, f, strconv.FormatInt(a.ID(), 10), "zhang_wei_77", "Wei")
}

// assertNotStored looks for needles in every text-like column of the database.
func assertNotStored(t *testing.T, f *fixture, needles ...string) {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
		Type   string `db:"data_type"`
	}
	err := f.db.Select(&cols, `
		SELECT table_name, column_name, data_type FROM information_schema.columns
		 WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea')`)
	if err != nil || len(cols) == 0 {
		t.Fatalf("columns: %v", err)
	}
	for _, c := range cols {
		for _, n := range needles {
			var hits int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE position($1 in %q::text) > 0`, c.Table, c.Column)
			if c.Type == "bytea" {
				q = fmt.Sprintf(`SELECT count(*) FROM %q WHERE position(convert_to($1, 'UTF8') in %q) > 0`, c.Table, c.Column)
			}
			if err := f.db.Get(&hits, q, n); err != nil {
				t.Fatalf("%s.%s: %v", c.Table, c.Column, err)
			}
			if hits > 0 {
				t.Errorf("%q found in clear in %s.%s", n, c.Table, c.Column)
			}
		}
	}
}

func TestPollingStoresBeforeConfirming(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	ctx := waitCtx(t)
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7101})
	u.SendText("one")
	u.SendText("two")

	// A first process stores the batch and dies before asking for the next
	// offset: Telegram still holds the updates.
	first := f.service(t)
	raws, err := first.tg.getUpdates(ctx, 0, 0)
	if err != nil || len(raws) != 2 {
		t.Fatalf("getUpdates: %d %v", len(raws), err)
	}
	if _, err := first.intake(ctx, raws, 0); err != nil {
		t.Fatal(err)
	}
	if f.tg.PendingUpdates() != 2 {
		t.Fatalf("emulator confirmed too early: %d pending", f.tg.PendingUpdates())
	}
	var stored int
	if err := f.db.Get(&stored, `SELECT count(*) FROM bot_inbox WHERE state = 'pending' AND payload_sealed IS NOT NULL`); err != nil || stored != 2 {
		t.Fatalf("stored %d (%v)", stored, err)
	}

	// The next process gets them again and processes each once.
	run(t, f.service(t))
	texts(t, ctx, u, "echo: one", "echo: two")
	if err := f.tg.WaitDelivered(ctx); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := f.db.Get(&rows, `SELECT count(*) FROM outbox`); err != nil || rows != 2 {
		t.Fatalf("%d replies queued for 2 updates (%v)", rows, err)
	}
}

func TestWebhookRefusesWrongSecretAndMalformedBodies(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	s := f.service(t)
	h := s.WebhookHandler()
	post := func(secret, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
		if secret != "" {
			r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	update := `{"update_id": 42, "message": {"message_id": 1, "date": 1, "chat": {"id": 7201, "type": "private"}, "from": {"id": 7201, "is_bot": false, "first_name": "X"}, "text": "hi"}}`
	for _, c := range []struct {
		secret, body string
		want         int
	}{
		{"", update, http.StatusUnauthorized},
		{"wrong-secret-0123456789", update, http.StatusUnauthorized},
		{f.cfg.Bot.Webhook.Secret, `{"update_id": 43, "message": `, http.StatusBadRequest},
		{f.cfg.Bot.Webhook.Secret, `{"message": {}}`, http.StatusBadRequest},
		{f.cfg.Bot.Webhook.Secret, `{"update_id": 44, "x": "` + strings.Repeat("a", MaxUpdateBytes) + `"}`, http.StatusRequestEntityTooLarge},
	} {
		if got := post(c.secret, c.body); got != c.want {
			t.Errorf("secret %q body %.30q: %d, want %d", c.secret, c.body, got, c.want)
		}
	}
	var n int
	if err := f.db.Get(&n, `SELECT count(*) FROM bot_inbox`); err != nil || n != 0 {
		t.Fatalf("refused updates stored: %d (%v)", n, err)
	}
	if got := post(f.cfg.Bot.Webhook.Secret, update); got != http.StatusOK {
		t.Fatalf("good update: %d", got)
	}
	if got := post(f.cfg.Bot.Webhook.Secret, update); got != http.StatusOK {
		t.Fatalf("redelivered update: %d", got)
	}
	var sealed []byte
	if err := f.db.Get(&sealed, `SELECT payload_sealed FROM bot_inbox WHERE update_id = 42`); err != nil || bytes.Contains(sealed, []byte(`"hi"`)) {
		t.Fatalf("stored %q (%v)", sealed, err)
	}
	if err := f.db.Get(&n, `SELECT count(*) FROM bot_inbox`); err != nil || n != 1 {
		t.Fatalf("%d rows for one update", n)
	}
}

func TestTwoReplicasProcessEachUpdateOnce(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Mode = "webhook"
	one, two := f.service(t), f.service(t)
	// A load balancer alternating between the replicas.
	var turn atomic.Int64
	hs := []http.Handler{one.WebhookHandler(), two.WebhookHandler()}
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hs[turn.Add(1)%2].ServeHTTP(w, r)
	}))
	t.Cleanup(lb.Close)
	f.cfg.Bot.Webhook.URL = lb.URL
	f.cfg.Bot.Webhook.MaxConnections = 7
	run(t, one)
	run(t, two)
	ctx := waitCtx(t)
	// Telegram is told how many updates to post at once.
	for {
		resp, err := http.Get(f.tg.URL() + "/bot" + testToken + "/getWebhookInfo")
		if err != nil {
			t.Fatal(err)
		}
		var info struct {
			Result struct {
				URL            string `json:"url"`
				MaxConnections int    `json:"max_connections"`
			} `json:"result"`
		}
		err = json.NewDecoder(resp.Body).Decode(&info)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if info.Result.URL != "" {
			if info.Result.MaxConnections != 7 {
				t.Errorf("webhook set with max_connections %d, want 7", info.Result.MaxConnections)
			}
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the webhook was never set")
		}
		time.Sleep(10 * time.Millisecond)
	}

	var users []*telegramtest.User
	for i := range 4 {
		users = append(users, f.tg.NewUser(telegramtest.UserOptions{ID: int64(7300 + i)}))
	}
	var want []string
	for i := range 6 {
		want = append(want, fmt.Sprintf("echo: m%d", i))
		for _, u := range users {
			u.SendText(fmt.Sprintf("m%d", i))
		}
	}
	for _, u := range users {
		texts(t, ctx, u, want...)
	}
	f.echo.mu.Lock()
	defer f.echo.mu.Unlock()
	if len(f.echo.count) != 24 {
		t.Fatalf("%d updates handled, want 24", len(f.echo.count))
	}
	for id, n := range f.echo.count {
		if n != 1 {
			t.Errorf("update %d handled %d times", id, n)
		}
	}
	var rows int
	if err := f.db.Get(&rows, `SELECT count(*) FROM outbox`); err != nil || rows != 24 {
		t.Fatalf("%d committed replies, want 24 (%v)", rows, err)
	}
}
