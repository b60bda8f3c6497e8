package bot

import (
	"context"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

func TestPurgeProcessedInbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tx := pgtest.Tx(t)
	now := time.Now()
	rows := []struct {
		id        int64
		state     string
		processed *time.Time
		payload   []byte
	}{
		{1, "done", ptr(now.Add(-10 * 24 * time.Hour)), nil},
		{2, "discarded", ptr(now.Add(-9 * 24 * time.Hour)), nil},
		{3, "done", ptr(now.Add(-time.Hour)), nil},
		{4, "pending", nil, []byte("sealed")},
		{5, "parked", nil, []byte("sealed")},
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bot_inbox (update_id, chat_key, state, processed_at, payload_sealed)
			VALUES ($1, 'c:x', $2, $3, $4)`, r.id, r.state, r.processed, r.payload); err != nil {
			t.Fatal(err)
		}
	}
	n, err := PurgeProcessedInbox(ctx, tx, now.Add(-7*24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("purged %d, %v; want 2", n, err)
	}
	var left []int64
	if err := tx.SelectContext(ctx, &left, `SELECT update_id FROM bot_inbox ORDER BY update_id`); err != nil {
		t.Fatal(err)
	}
	if len(left) != 3 || left[0] != 3 || left[1] != 4 || left[2] != 5 {
		t.Fatalf("left %v, want recent, pending and parked updates", left)
	}
}

func ptr[T any](v T) *T { return &v }
