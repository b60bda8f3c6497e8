package outbox_test

import (
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
)

// The leases of a sender whose heartbeat is stale are given back by the next
// beat of another; a sender that leaves gives back its own at once.
func TestSenderLeasesEndWithTheSender(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	for _, chat := range []int64{-1, -2} {
		if _, err := outbox.Enqueue(ctx, db, outbox.Message{Lane: outbox.Interactive, To: outbox.Office(chat), Kind: "text", Payload: map[string]string{}}); err != nil {
			t.Fatal(err)
		}
	}
	dead, alive := outbox.NewSender(), outbox.NewSender()
	if dead.ID == alive.ID {
		t.Fatal("two senders share an id")
	}
	if _, err := dead.Beat(ctx, db, time.Hour); err != nil {
		t.Fatal(err)
	}
	rows, err := dead.Claim(ctx, db, 10, time.Hour, nil)
	if err != nil || len(rows) != 2 {
		t.Fatalf("claimed %d, %v; want 2", len(rows), err)
	}
	if n, err := alive.Beat(ctx, db, time.Hour); err != nil || n != 0 {
		t.Fatalf("a live sender's leases given back: %d, %v", n, err)
	}
	if rows, _ := alive.Claim(ctx, db, 10, time.Hour, nil); len(rows) != 0 {
		t.Fatalf("claimed %d leased messages", len(rows))
	}

	// The dead sender's last beat a minute ago, as after a SIGKILL.
	if _, err := db.ExecContext(ctx, `UPDATE outbox_senders SET heartbeat_at = now() - interval '1 minute' WHERE id = $1`, dead.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := alive.Beat(ctx, db, 3*time.Second); err != nil || n != 2 {
		t.Fatalf("gave back %d leases, %v; want 2", n, err)
	}
	var senders int
	if err := db.GetContext(ctx, &senders, `SELECT count(*) FROM outbox_senders WHERE id = $1`, dead.ID); err != nil || senders != 0 {
		t.Fatalf("dead sender still known: %d, %v", senders, err)
	}
	rows, err = alive.Claim(ctx, db, 10, time.Hour, nil)
	if err != nil || len(rows) != 2 {
		t.Fatalf("claimed %d after the dead sender's leases ended, %v; want 2", len(rows), err)
	}

	if err := alive.Leave(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err = outbox.Claim(ctx, db, 10, time.Hour, nil)
	if err != nil || len(rows) != 2 {
		t.Fatalf("claimed %d after the sender left, %v; want 2", len(rows), err)
	}
}
