package outbox_test

import (
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
)

// A reporter's sealed chat stays on a message only while it is pending; a
// pending message still needs its recipient.
func TestFinishedMessagesForgetTheReporterChat(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tx := pgtest.Tx(t)
	keys := testKeys(t)
	to := outbox.Reporter(keys.Reporter(1), []byte("sealed chat"), keys)
	var ids []int64
	for range 3 {
		id, err := outbox.Enqueue(ctx, tx, outbox.Message{To: to, Kind: "reply", Payload: map[string]string{}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	office, err := outbox.Enqueue(ctx, tx, outbox.Message{To: outbox.Office(-42), Kind: "text", Payload: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := outbox.MarkSent(ctx, tx, ids[0], 7); err != nil {
		t.Fatal(err)
	}
	if err := outbox.MarkDead(ctx, tx, ids[1], "blocked: the chat refuses the bot"); err != nil {
		t.Fatal(err)
	}
	if err := outbox.MarkSent(ctx, tx, office, 8); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID     int64  `db:"id"`
		Sealed bool   `db:"sealed"`
		ChatID *int64 `db:"chat_id"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, chat_sealed IS NOT NULL AS sealed, chat_id FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0].Sealed || rows[1].Sealed || !rows[2].Sealed || rows[3].ChatID == nil || *rows[3].ChatID != -42 {
		t.Fatalf("rows %+v: want the sent and dead reporter rows without their chat, the pending one and the office's with theirs", rows)
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT p`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (chat_key, kind, payload) VALUES ('r:cd', 'reply', '{}')`); err == nil {
		t.Fatal("a pending message without a recipient was accepted")
	}
	if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT p`); err != nil {
		t.Fatal(err)
	}
}

// Dead messages are purged after retention, as sent ones are.
func TestPurgeSentTakesDeadMessagesToo(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tx := pgtest.Tx(t)
	now := time.Now()
	for _, r := range []struct {
		state   string
		created time.Time
		sent    *time.Time
	}{
		{"sent", now.AddDate(0, 0, -40), ptr(now.AddDate(0, 0, -40))},
		{"dead", now.AddDate(0, 0, -40), nil},
		{"dead", now.AddDate(0, 0, -1), nil},
		{"pending", now.AddDate(0, 0, -40), nil},
	} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (chat_id, chat_key, kind, payload, state, created_at, sent_at)
			VALUES (-5, 'office:-5', 'text', '{}', $1, $2, $3)`, r.state, r.created, r.sent); err != nil {
			t.Fatal(err)
		}
	}
	n, err := outbox.PurgeSent(ctx, tx, now.AddDate(0, 0, -30))
	if err != nil || n != 2 {
		t.Fatalf("purged %d, %v; want the old sent and the old dead message", n, err)
	}
	var left []string
	if err := tx.SelectContext(ctx, &left, `SELECT state FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(left) != 2 || left[0] != "dead" || left[1] != "pending" {
		t.Fatalf("left %v, want the recent dead and the pending message", left)
	}
}

func ptr[T any](v T) *T { return &v }
