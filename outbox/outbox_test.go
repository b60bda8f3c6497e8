package outbox

import (
	"context"
	"slices"
	"testing"

	"github.com/tipline/tipline/internal/pgtest"
)

// EnqueueMany writes its messages in the order given, in one statement, and
// a keyed message already queued is left out.
func TestEnqueueManyKeepsOrder(t *testing.T) {
	t.Parallel()
	tx := pgtest.Tx(t)
	ctx := context.Background()
	to := Office(-100123)
	var ms []Message
	for i := range 5 {
		ms = append(ms, Message{Lane: Interactive, To: to, Kind: "text", Payload: map[string]int{"n": i}})
	}
	ids, err := EnqueueMany(ctx, tx, ms...)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 5 || !slices.IsSorted(ids) {
		t.Fatalf("ids %v", ids)
	}
	for i, id := range ids {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT (payload->>'n')::int FROM outbox WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if n != i {
			t.Errorf("id %d holds message %d, want %d", id, n, i)
		}
	}

	keyed := Message{Lane: Bulk, To: to, Kind: "digest", Payload: "d", DedupeKey: "digest:1"}
	if id, err := Enqueue(ctx, tx, keyed); err != nil || id == 0 {
		t.Fatalf("first keyed message: %d, %v", id, err)
	}
	ids, err = EnqueueMany(ctx, tx, keyed, Message{Lane: Bulk, To: to, Kind: "text", Payload: "after"})
	if err != nil || len(ids) != 1 {
		t.Fatalf("a repeated key and a new message: %v, %v", ids, err)
	}
	if _, err := EnqueueMany(ctx, tx, Message{Kind: "text", Payload: "nobody"}); err == nil {
		t.Error("a message without a recipient was queued")
	}
	if ids, err := EnqueueMany(ctx, tx); err != nil || ids != nil {
		t.Errorf("nothing to queue: %v, %v", ids, err)
	}
}
