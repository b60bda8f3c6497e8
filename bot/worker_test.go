package bot

import (
	"errors"
	"testing"

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

	parked, err := ListParked(ctx, f.db)
	if err != nil || len(parked) != 2 {
		t.Fatalf("parked %+v (%v)", parked, err)
	}
	if parked[0].Attempts != f.cfg.Bot.MaxAttempts || parked[0].LastError != errHandlerPanic.Error() || parked[1].LastError != "refused" {
		t.Fatalf("parked %+v", parked)
	}
	pending, nParked, _, err := InboxStats(ctx, f.db)
	if err != nil || pending != 0 || nParked != 2 {
		t.Fatalf("stats %d pending %d parked (%v)", pending, nParked, err)
	}

	// Fixed: the parked update goes through again.
	f.echo.mu.Lock()
	f.echo.failing = false
	f.echo.mu.Unlock()
	if err := RetryParked(ctx, f.db, parked[0].UpdateID); err != nil {
		t.Fatal(err)
	}
	notify(s.wake)
	texts(t, ctx, a, "echo: after", "echo: boom")

	if err := DiscardParked(ctx, f.db, parked[1].UpdateID); err != nil {
		t.Fatal(err)
	}
	if err := DiscardParked(ctx, f.db, parked[1].UpdateID); !errors.Is(err, ErrNotParked) {
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
