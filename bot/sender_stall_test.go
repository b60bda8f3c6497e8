package bot

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/telegramtest"
)

// fakeClock is a limiter's clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// drain spends the limiter's overall budget of sends (or of edits), over as
// many chats as it takes.
func drain(l *limiter, send bool) {
	for i := 0; l.take(fmt.Sprint("drain", i), false, send) == 0; i++ {
	}
}

// TestSenderResumesAfterTheSendBudgetRefills: with the send budget spent
// (edits still have theirs, so the sender does claim), the claimed message
// waits for the limiter and goes out once its clock allows, and the messages
// queued behind it follow; nothing is left pending.
func TestSenderResumesAfterTheSendBudgetRefills(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7901})
	s := f.service(t)
	clock := &fakeClock{now: time.Now()}
	s.limits = newLimiter(f.cfg.Limits, clock.Now)
	drain(s.limits, true)
	if w := s.limits.globalWait(); w != 0 {
		t.Fatalf("edits still have their budget, yet the sender is told to wait %v", w)
	}
	f.say(t, u, "a1", 0)
	f.say(t, u, "a2", 0)
	run(t, s)

	// The first message is claimed (its lease is taken) but not sent while
	// the limiter's clock stands still.
	if n := count(t, f, 1, `SELECT count(*) FROM outbox WHERE locked_until > now()`); n != 1 {
		t.Fatalf("%d messages leased, want the chat's first", n)
	}
	if n := f.tg.SentCount(); n != 0 {
		t.Fatalf("%d sent over a spent budget", n)
	}
	clock.advance(time.Minute)
	texts(t, waitCtx(t), u, "a1", "a2")
	if n := count(t, f, 0, `SELECT count(*) FROM outbox WHERE state <> 'sent'`); n != 0 {
		t.Fatalf("%d messages not recorded as sent", n)
	}
}

// TestSenderWaitsForTheWholeBudget: with sends and edits both spent, the
// sender claims nothing and leaves no lease behind; once the budget refills
// the message goes.
func TestSenderWaitsForTheWholeBudget(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7902})
	s := f.service(t)
	clock := &fakeClock{now: time.Now()}
	s.limits = newLimiter(f.cfg.Limits, clock.Now)
	drain(s.limits, true)
	drain(s.limits, false)
	if s.limits.globalWait() <= 0 {
		t.Fatal("the budget is not spent")
	}
	f.say(t, u, "b1", 0)
	run(t, s)
	clock.advance(time.Minute)
	texts(t, waitCtx(t), u, "b1")
}

// TestSenderGivesBackTheLeaseWhenRecordingFails: a delivery whose outcome
// cannot be recorded does not keep its chat waiting for the whole lease.
func TestSenderGivesBackTheLeaseWhenRecordingFails(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	s := f.service(t)
	s.sendLease = time.Hour
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7903})
	id := f.say(t, u, "c1", 0)
	rows, err := outbox.Claim(t.Context(), f.db, 1, s.sendLease, nil)
	if err != nil || len(rows) != 1 || rows[0].ID != id {
		t.Fatalf("claimed %+v, %v", rows, err)
	}
	// The delivery record fails: the row's reply refers to a message id that
	// cannot be read (a query on a closed transaction stands in for a
	// database that dropped the connection).
	tx, err := f.db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback()
	s.sent = newBatcher(1, func(ctx context.Context, marks []sentMark) error {
		_, err := tx.ExecContext(ctx, `SELECT 1`)
		return err
	})
	s.deliver(t.Context(), rows[0], time.Now().Add(s.sendLease))
	var leased bool
	if err := f.db.Get(&leased, `SELECT locked_until IS NOT NULL FROM outbox WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if leased {
		t.Fatal("the lease of a delivery that could not be recorded is kept")
	}
	if n := len(f.tg.SendTimes(u.ID())); n != 1 {
		t.Fatalf("%d sends, want 1", n)
	}
}

// TestSenderGivesBackALeaseItWouldOutwait: a message claimed just before a
// 429 elsewhere paused every send for longer than its lease allows is put back
// until the pause ends rather than held, so no other claim sends it meanwhile
// and its chat is not blocked for the lease after it.
func TestSenderGivesBackALeaseItWouldOutwait(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	u := f.tg.NewUser(telegramtest.UserOptions{ID: 7904})
	s := f.service(t)
	id := f.say(t, u, "d1", 0)
	rows, err := outbox.Claim(t.Context(), f.db, 1, s.sendLease, nil)
	if err != nil || len(rows) != 1 || rows[0].ID != id {
		t.Fatalf("claimed %+v, %v", rows, err)
	}
	s.limits.pause("office:-100", true, 10*time.Minute)
	s.deliver(t.Context(), rows[0], time.Now().Add(s.sendLease))
	var back bool
	if err := f.db.Get(&back, `SELECT state = 'pending' AND locked_until IS NULL
		AND next_attempt_at > now() + interval '9 minutes' FROM outbox WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if !back {
		t.Fatal("the message is not put back until the pause ends")
	}
	if n := f.tg.SentCount(); n != 0 {
		t.Fatalf("%d sent during a 429's pause", n)
	}
}
