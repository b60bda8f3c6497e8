package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

func getUpdates(t *testing.T, base string, params map[string]any) []models.Update {
	t.Helper()
	r := call(t, base, "getUpdates", params)
	wantOK(t, r)
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatalf("updates do not decode: %v\n%s", err, r.Result)
	}
	return ups
}

func TestGetUpdatesOffsetConfirmation(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 2001})
	if ups := getUpdates(t, base, nil); len(ups) != 0 {
		t.Fatalf("%d updates before any was sent", len(ups))
	}
	for i := range 3 {
		u.SendText(fmt.Sprint("m", i))
	}
	ups := getUpdates(t, base, nil)
	if len(ups) != 3 || ups[0].Message.Text != "m0" || ups[1].ID != ups[0].ID+1 || ups[2].ID != ups[0].ID+2 {
		t.Fatalf("updates %+v", ups)
	}
	// Unconfirmed updates come again.
	if again := getUpdates(t, base, map[string]any{"limit": 2}); len(again) != 2 || again[0].ID != ups[0].ID {
		t.Fatalf("repeat = %+v", again)
	}
	// offset confirms every update below it.
	rest := getUpdates(t, base, map[string]any{"offset": ups[1].ID})
	if len(rest) != 2 || rest[0].ID != ups[1].ID {
		t.Fatalf("after offset = %+v", rest)
	}
	if s.PendingUpdates() != 2 {
		t.Fatalf("PendingUpdates = %d, want 2", s.PendingUpdates())
	}
	if none := getUpdates(t, base, map[string]any{"offset": ups[2].ID + 1}); len(none) != 0 {
		t.Fatalf("after confirming all: %+v", none)
	}
	// A negative offset keeps only the newest updates.
	u.SendText("a")
	u.SendText("b")
	if last := getUpdates(t, base, map[string]any{"offset": -1}); len(last) != 1 || last[0].Message.Text != "b" {
		t.Fatalf("offset -1 = %+v", last)
	}
}

func TestGetUpdatesLongPollWakesOnUpdate(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 2002})
	got := make(chan []models.Update, 1)
	go func() {
		r, err := http.Post(base+"/bot"+testToken+"/getUpdates?timeout=50", "application/json", nil)
		if err != nil {
			got <- nil
			return
		}
		defer r.Body.Close()
		var rep struct {
			Result []models.Update `json:"result"`
		}
		_ = json.NewDecoder(r.Body).Decode(&rep)
		got <- rep.Result
	}()
	// Wait until the poll is registered, so the update arrives while it waits.
	for s.Requests()["getUpdates"] == 0 {
		time.Sleep(time.Millisecond)
	}
	u.SendCommand("/start")
	ups := <-got
	if len(ups) != 1 || ups[0].Message.Text != "/start" {
		t.Fatalf("long poll got %+v", ups)
	}
}

func TestGetUpdatesConflicts(t *testing.T) {
	t.Parallel()
	_, base := setup(t, Options{})
	wantOK(t, call(t, base, "setWebhook", map[string]any{"url": "http://127.0.0.1:1/hook"}))
	wantError(t, call(t, base, "getUpdates", nil), 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	wantError(t, call(t, base, "setWebhook", map[string]any{"url": "http://127.0.0.1:1/hook", "secret_token": "bad secret!"}), 400,
		"Bad Request: secret token contains unallowed characters")
	wantOK(t, call(t, base, "deleteWebhook", nil))
	if ups := getUpdates(t, base, nil); len(ups) != 0 {
		t.Fatalf("updates: %+v", ups)
	}
}

func TestWebhookDeliversInOrderWithSecretAndRetries(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{WebhookRetryMin: time.Millisecond, WebhookRetryMax: 5 * time.Millisecond})
	var mu sync.Mutex
	attempts := 0
	byChat := map[int64][]string{}
	badSecret := 0
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" {
			mu.Lock()
			badSecret++
			mu.Unlock()
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var up models.Update
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &up); err != nil || up.Message == nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		attempts++
		if attempts <= 2 { // the first two deliveries fail
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		byChat[up.Message.Chat.ID] = append(byChat[up.Message.Chat.ID], up.Message.Text)
	}))
	t.Cleanup(hook.Close)

	a := s.NewUser(UserOptions{ID: 2101})
	b := s.NewUser(UserOptions{ID: 2102})
	for i := range 4 {
		a.SendText(fmt.Sprint("a", i))
		b.SendText(fmt.Sprint("b", i))
	}
	wantOK(t, call(t, base, "setWebhook", map[string]any{"url": hook.URL, "secret_token": "s3cret", "max_connections": 2}))
	if err := s.WaitDelivered(testContext(t)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(byChat[2101]) != "[a0 a1 a2 a3]" || fmt.Sprint(byChat[2102]) != "[b0 b1 b2 b3]" {
		t.Fatalf("delivered %v", byChat)
	}
	if attempts != 10 || badSecret != 0 {
		t.Fatalf("attempts %d, bad secret %d", attempts, badSecret)
	}
	r := call(t, base, "getWebhookInfo", nil)
	var info models.WebhookInfo
	if err := json.Unmarshal(r.Result, &info); err != nil {
		t.Fatal(err)
	}
	if info.URL != hook.URL || info.PendingUpdateCount != 0 || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" {
		t.Fatalf("webhook info %+v", info)
	}
}

func TestWebhookDropPendingUpdates(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	s.NewUser(UserOptions{ID: 2201}).SendText("old")
	wantOK(t, call(t, base, "setWebhook", map[string]any{"url": "http://127.0.0.1:1/hook", "drop_pending_updates": true}))
	if s.PendingUpdates() != 0 {
		t.Fatalf("PendingUpdates = %d after drop", s.PendingUpdates())
	}
}

func TestPhotoRoundTrip(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 2301})
	img := testJPEG(t, 320, 240)
	msg := u.SendPhoto(img, "the car")
	if len(msg.Photo) < 2 || msg.Caption != "the car" {
		t.Fatalf("photo message %+v", msg)
	}
	big := msg.Photo[len(msg.Photo)-1]
	if big.Width != 320 || big.Height != 240 || big.FileSize != len(img) {
		t.Fatalf("largest size %+v", big)
	}
	r := call(t, base, "getFile", map[string]any{"file_id": big.FileID})
	wantOK(t, r)
	var f models.File
	if err := json.Unmarshal(r.Result, &f); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/file/bot" + testToken + "/" + f.FilePath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(got) != string(img) {
		t.Fatalf("download: status %d, %d bytes, want %d", resp.StatusCode, len(got), len(img))
	}
	wantError(t, call(t, base, "getFile", map[string]any{"file_id": "nope"}), 400, "Bad Request: invalid file_id")
}

func TestSecondPollerEndsTheFirst(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	first := make(chan apiReply, 1)
	go func() {
		var r apiReply
		resp, err := http.Post(base+"/bot"+testToken+"/getUpdates?timeout=50", "application/json", nil)
		if err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
		}
		first <- r
	}()
	for { // until the first poll is waiting
		s.mu.Lock()
		seq := s.pollerSeq
		s.mu.Unlock()
		if seq == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	getUpdates(t, base, nil)
	r := <-first
	if r.OK || r.ErrorCode != 409 || r.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
		t.Fatalf("first poll got %+v", r)
	}
}
