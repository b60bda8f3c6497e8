package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

func TestPurgeProcessed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tx := pgtest.Tx(t)
	now := time.Now()
	rows := []struct {
		id        int64
		state     string
		processed *time.Time
		payload   []byte
		received  time.Time
	}{
		{1, "done", ptr(now.Add(-10 * 24 * time.Hour)), nil, now.Add(-10 * 24 * time.Hour)},
		{2, "discarded", ptr(now.Add(-9 * 24 * time.Hour)), nil, now.Add(-9 * 24 * time.Hour)},
		{3, "done", ptr(now.Add(-time.Hour)), nil, now.Add(-time.Hour)},
		{4, "pending", nil, []byte("sealed"), now},
		{5, "parked", nil, []byte("sealed"), now.Add(-time.Hour)},
		{6, "parked", nil, []byte("sealed"), now.Add(-8 * 24 * time.Hour)},
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bot_inbox (update_id, chat_key, state, processed_at, payload_sealed, received_at)
			VALUES ($1, 'c:x', $2, $3, $4, $5)`, r.id, r.state, r.processed, r.payload, r.received); err != nil {
			t.Fatal(err)
		}
	}
	n, err := PurgeProcessed(ctx, tx, now.Add(-7*24*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("purged %d, %v; want 3 (two old processed, one old parked)", n, err)
	}
	var left []struct {
		ID     int64  `db:"update_id"`
		State  string `db:"state"`
		Sealed bool   `db:"sealed"`
	}
	if err := tx.SelectContext(ctx, &left, `SELECT update_id, state, payload_sealed IS NOT NULL AS sealed FROM bot_inbox ORDER BY update_id`); err != nil {
		t.Fatal(err)
	}
	if len(left) != 4 || left[0].ID != 3 || left[1].ID != 4 || left[2].ID != 5 || !left[2].Sealed ||
		left[3].ID != 6 || left[3].State != "discarded" || left[3].Sealed {
		t.Fatalf("left %+v, want the recent, pending and recently parked updates, and the old parked one discarded without its payload", left)
	}
}

func ptr[T any](v T) *T { return &v }
