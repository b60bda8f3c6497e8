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
