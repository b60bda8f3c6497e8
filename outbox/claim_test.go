package outbox_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
)

// Claim takes only the head of each chat, interactive lane first, never a
// throttled chat, a leased message or one not yet due; MarkSentMany records
// many at once.
func TestClaimTakesChatHeadsInLaneOrder(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	enqueue := func(lane outbox.Lane, to outbox.Recipient) int64 {
		t.Helper()
		id, err := outbox.Enqueue(ctx, db, outbox.Message{Lane: lane, To: to, Kind: "text", Payload: map[string]string{}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, b, c, d := outbox.Office(-1), outbox.Office(-2), outbox.Office(-3), outbox.Office(-4)
	a1 := enqueue(outbox.Bulk, a)
	a2 := enqueue(outbox.Interactive, a) // behind a1 in its chat despite its lane
	b1 := enqueue(outbox.Notice, b)
	b2 := enqueue(outbox.Interactive, b)
	c1 := enqueue(outbox.Interactive, c)
	d1 := enqueue(outbox.Interactive, d)
	if err := outbox.Postpone(ctx, db, d1, time.Now().Add(time.Hour), ""); err != nil {
		t.Fatal(err)
	}

	rows, err := outbox.Claim(ctx, db, 10, time.Minute, []string{c.ChatKey})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{b1, a1}; !slices.Equal(got, want) {
		t.Fatalf("claimed %v, want the heads of a and b, notice before bulk %v (c throttled, d not due)", got, want)
	}
	// Leased: neither the heads nor what is behind them go again.
	rows, err = outbox.Claim(ctx, db, 10, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{c1}; !slices.Equal(got, want) {
		t.Fatalf("second claim %v, want %v", got, want)
	}

	if err := outbox.MarkSentMany(ctx, db, []outbox.Sent{{ID: a1, MessageID: 11}, {ID: b1}}); err != nil {
		t.Fatal(err)
	}
	d1a, err := outbox.DeliveryOf(ctx, db, a1)
	if err != nil {
		t.Fatal(err)
	}
	d1b, err := outbox.DeliveryOf(ctx, db, b1)
	if err != nil {
		t.Fatal(err)
	}
	if d1a != (outbox.Delivery{State: "sent", MessageID: 11}) || d1b != (outbox.Delivery{State: "sent"}) {
		t.Fatalf("after MarkSentMany: %+v and %+v", d1a, d1b)
	}
	rows, err = outbox.Claim(ctx, db, 1, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{a2}; !slices.Equal(got, want) {
		t.Fatalf("claim of 1 after the heads were sent: %v, want %v (interactive a2 and b2 now heads, a2 due first)", got, want)
	}
	rows, err = outbox.Claim(ctx, db, 1, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{b2}; !slices.Equal(got, want) {
		t.Fatalf("next claim: %v, want %v", got, want)
	}
}

func ids(rows []outbox.Row) []int64 {
	var out []int64
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// A group robot's messages are the robots' sender's alone: the bot's sender
// never claims one, and the robots' sender claims nothing else.
func TestRobotMessagesAreClaimedApart(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	var queued []int64
	for _, to := range []outbox.Recipient{outbox.Robot("duty"), outbox.Office(-1), outbox.Robot("duty"), outbox.Robot("sup")} {
		id, err := outbox.Enqueue(ctx, db, outbox.Message{Lane: outbox.Notice, To: to, Kind: "text", Payload: map[string]string{"text": "x"}})
		if err != nil {
			t.Fatal(err)
		}
		queued = append(queued, id)
	}
	rows, err := outbox.Claim(ctx, db, 10, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{queued[1]}; !slices.Equal(got, want) {
		t.Fatalf("the bot's claim took %v, want only the office chat's %v", got, want)
	}
	rows, err = outbox.ClaimRobots(ctx, db, 10, time.Minute, []string{"robot:sup"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(rows), []int64{queued[0]}; !slices.Equal(got, want) {
		t.Fatalf("the robots' claim took %v, want the head of robot duty %v (sup skipped)", got, want)
	}
	if _, err := outbox.Enqueue(ctx, db, outbox.Message{To: outbox.Robot("Bad Name"), Kind: "text", Payload: map[string]string{}}); err == nil {
		t.Fatal("a robot name the schema does not take was queued")
	}
}
