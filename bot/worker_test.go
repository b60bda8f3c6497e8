package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/inbox"
	"github.com/tipline/tipline/telegramtest"
)

func TestFailingUpdateIsParkedWithoutBlockingItsChat(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.echo.failing = true
	s := f.service(t)
	run(t, s)
	ctx := waitCtx(t)
	a := f.tg.NewUser(telegramtest.UserOptions{ID: 7401})
	b := f.tg.NewUser(telegramtest.UserOptions{ID: 7402})
	a.SendText("boom")
	a.SendText("error")
	a.SendText("after")
	b.SendText("hello")
	texts(t, ctx, b, "echo: hello")
	texts(t, ctx, a, "echo: after")

	parked, err := inbox.ListParked(ctx, f.db, 50)
	if err != nil || len(parked) != 2 {
		t.Fatalf("parked %+v (%v)", parked, err)
	}
	if parked[0].Attempts != f.cfg.Bot.MaxAttempts || parked[0].LastError != errHandlerPanic.Error() || parked[1].LastError != "refused" {
		t.Fatalf("parked %+v", parked)
	}
	pending, nParked, _, err := inbox.Stats(ctx, f.db)
	if err != nil || pending != 0 || nParked != 2 {
		t.Fatalf("stats %d pending %d parked (%v)", pending, nParked, err)
	}

	// Fixed: the parked update goes through again.
	f.echo.mu.Lock()
	f.echo.failing = false
	f.echo.mu.Unlock()
	if err := inbox.RetryParked(ctx, f.db, parked[0].ID); err != nil {
		t.Fatal(err)
	}
	notify(s.wake)
	texts(t, ctx, a, "echo: after", "echo: boom")

	if err := inbox.DiscardParked(ctx, f.db, parked[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := inbox.DiscardParked(ctx, f.db, parked[1].ID); !errors.Is(err, inbox.ErrNotParked) {
		t.Fatalf("second discard: %v", err)
	}
	var left int
	if err := f.db.Get(&left, `SELECT count(*) FROM bot_inbox WHERE payload_sealed IS NOT NULL`); err != nil || left != 0 {
		t.Fatalf("%d sealed payloads left (%v)", left, err)
	}
}

// Workers never take the connections the webhook and the sender need.
func TestWorkersAreBoundedByThePool(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	s := f.service(t)
	f.cfg.Bot.Workers = 8
	f.db.SetMaxOpenConns(6)
	if got := s.workers(); got != 6-poolReserve {
		t.Errorf("pool of 6: %d workers, want %d", got, 6-poolReserve)
	}
	f.db.SetMaxOpenConns(2)
	if got := s.workers(); got != 1 {
		t.Errorf("pool of 2: %d workers, want 1", got)
	}
	f.db.SetMaxOpenConns(0) // unbounded
	if got := s.workers(); got != 8 {
		t.Errorf("unbounded pool: %d workers, want the configured 8", got)
	}
}

// txEcho is echo that also records the transaction each update was handled in.
type txEcho struct {
	*echo
	mu  sync.Mutex
	txs map[int64]int64 // update id → transaction id of its last attempt
}

func (e *txEcho) Handle(ctx context.Context, tx botapi.Tx, u *models.Update) error {
	var txid int64
	if err := tx.GetContext(ctx, &txid, `SELECT txid_current()`); err != nil {
		return err
	}
	e.mu.Lock()
	e.txs[int64(u.ID)] = txid
	e.mu.Unlock()
	return e.echo.Handle(ctx, tx, u)
}

// Updates waiting together are handled in shared transactions; one that
// fails costs the others nothing (they are committed once each), and an
// update with a file is handled in a transaction of its own.
func TestBatchKeepsOthersWhenOneFails(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Workers = 1
	h := &txEcho{echo: f.echo, txs: map[int64]int64{}}
	var committedMu sync.Mutex
	committed := map[int64]int{}
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: h, Renderer: textRenderer{},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Committed: func(ids []int64) {
			committedMu.Lock()
			defer committedMu.Unlock()
			for _, id := range ids {
				committed[id]++
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	s.pollTimeout, s.idlePoll, s.retryBase, s.retryMax, s.sendPoll = time.Second, 20*time.Millisecond, 10*time.Millisecond, 200*time.Millisecond, 20*time.Millisecond

	// Everything is waiting before the service starts, so claims find batches.
	var users []*telegramtest.User
	for i := range 3 * workerBatch {
		u := f.tg.NewUser(telegramtest.UserOptions{ID: int64(7500 + i)})
		users = append(users, u)
		switch i {
		case 3:
			u.SendText("error")
		case 5:
			u.SendPhoto(pngPixel(t), "")
		default:
			u.SendText(fmt.Sprintf("hello %d", i))
		}
	}
	run(t, s)
	ctx := waitCtx(t)
	for i, u := range users {
		if i != 3 && i != 5 {
			texts(t, ctx, u, fmt.Sprintf("echo: hello %d", i))
		}
	}
	if n := count(t, f, 1, `SELECT count(*) FROM bot_inbox WHERE state = 'parked'`); n != 1 {
		t.Fatalf("%d parked, want the one that failed", n)
	}
	if n := count(t, f, 3*workerBatch-1, `SELECT count(*) FROM bot_inbox WHERE state = 'done'`); n != 3*workerBatch-1 {
		t.Fatalf("%d done, want %d", n, 3*workerBatch-1)
	}

	// Handled twice when a batch was undone, committed once: one reply each.
	if n := count(t, f, 3*workerBatch-2, `SELECT count(*) FROM outbox`); n != 3*workerBatch-2 {
		t.Fatalf("%d replies queued, want one per text", n)
	}
	// Committed is told each processed update once, and never the parked one.
	var done []int64
	if err := f.db.Select(&done, `SELECT update_id FROM bot_inbox WHERE state = 'done'`); err != nil {
		t.Fatal(err)
	}
	committedMu.Lock()
	for _, id := range done {
		if committed[id] != 1 {
			t.Errorf("update %d reported committed %d times", id, committed[id])
		}
	}
	if len(committed) != len(done) {
		t.Errorf("%d updates reported committed, %d done", len(committed), len(done))
	}
	committedMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	shared := map[int64][]int64{}
	for id, tx := range h.txs {
		shared[tx] = append(shared[tx], id)
	}
	batched := false
	for _, ids := range shared {
		batched = batched || len(ids) > 1
	}
	if !batched {
		t.Errorf("no two updates shared a transaction: %v", shared)
	}
	var photoID int64
	if err := f.db.Get(&photoID, `SELECT min(update_id) + 5 FROM bot_inbox`); err != nil {
		t.Fatal(err)
	}
	if ids := shared[h.txs[photoID]]; len(ids) != 1 {
		t.Errorf("the photo (update %d) shared its transaction with %v", photoID, ids)
	}
}

func TestCarriesFile(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]bool{
		`{"update_id":1,"message":{"text":"hi"}}`:                      false,
		`{"update_id":1,"message":{"photo":[{"file_id":"a"}]}}`:        true,
		`{"update_id":1,"message":{"document":{"file_id":"a"}}}`:       true,
		`{"update_id":1,"message":{"voice":{"file_id":"a"}}}`:          true,
		`{"update_id":1,"edited_message":{"photo":[{"file_id":"a"}]}}`: false,
		`{"update_id":1,"callback_query":{"id":"x","data":"c:use"}}`:   false,
		`not json`: false,
		`{"update_id":1,"message":{"video_note":{"file_id":"a"},"text":"x"}}`: true,
	} {
		if got := carriesFile([]byte(raw)); got != want {
			t.Errorf("carriesFile(%s) = %v, want %v", raw, got, want)
		}
	}
}

func pngPixel(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
