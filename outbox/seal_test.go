package outbox_test

import (
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
	schema "github.com/tipline/tipline/sql"
)

func testKeys(t *testing.T) *anon.Keys {
	t.Helper()
	k, err := anon.NewKeys([]byte(strings.Repeat("r", 32)), []byte(strings.Repeat("s", 32)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// receipt stands for what must never rest in the outbox: the receipt code a
// reporter is given, the review screen of their report, an officer's
// question, and what a digest quotes of a tip.
const receipt = "7Q2M-K9DX-4RTA-HW3B"

// holds reports whether any row of the outbox, as the database would dump
// it (bytea in hex), holds s.
func holds(t *testing.T, db sqlx.QueryerContext, s string) bool {
	t.Helper()
	var all string
	if err := sqlx.GetContext(t.Context(), db, &all, `SELECT coalesce(string_agg(o::text, ' '), '') FROM outbox o`); err != nil {
		t.Fatal(err)
	}
	return strings.Contains(all, s) || strings.Contains(all, hex.EncodeToString([]byte(s)))
}

// What the bot tells a reporter is sealed while it waits and opens for the
// sender; once sent or given up, no message keeps anything of what it said,
// a reporter's or an office chat's, beyond the method of a reply.
func TestPayloadIsSealedUntilSentAndErasedAfter(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	keys := testKeys(t)
	ref := keys.Reporter(7)
	to := outbox.Reporter(ref, keys.SealChat(7), keys)
	if strings.Contains(to.ChatKey, ref.Hex()[:16]) {
		t.Fatalf("chat key %s shows the reporter reference", to.ChatKey)
	}
	reply := map[string]any{"method": "sendMessage", "text": "回执码：<code>" + receipt + "</code>", "tip_id": 42}
	question := map[string]any{"tip_id": 42, "body": "是哪家网吧？" + receipt, "locale": "zh-CN"}
	ids, err := outbox.EnqueueMany(ctx, db,
		outbox.Message{To: to, Kind: "reply", Payload: reply},
		outbox.Message{To: to, Kind: "dialogue_question", Payload: question},
		outbox.Message{To: to, Kind: "reply", Payload: reply})
	if err != nil {
		t.Fatal(err)
	}
	digest, err := outbox.Enqueue(ctx, db, outbox.Message{To: outbox.Office(-42), Kind: "text",
		Payload: map[string]string{"text": "#42 " + receipt}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.Enqueue(ctx, db, outbox.Message{To: outbox.Recipient{ChatSealed: []byte("c"), ChatKey: "r:x"},
		Kind: "reply", Payload: reply}); err == nil {
		t.Fatal("a message to a reporter was queued with nothing to seal it")
	}

	var clear []string
	if err := db.SelectContext(ctx, &clear, `SELECT payload::text FROM outbox WHERE chat_sealed IS NOT NULL ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(clear, " ") != `{"method": "sendMessage"} {} {"method": "sendMessage"}` {
		t.Fatalf("pending reporter rows keep %q in clear, want only the method of a reply", clear)
	}
	rows, err := outbox.Claim(ctx, db, 10, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("claimed %d rows, want the reporter's first and the office's", len(rows))
	}
	for _, r := range rows {
		p, err := r.Open(keys)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p), receipt) {
			t.Errorf("row %d opens as %s", r.ID, p)
		}
		if r.ID == ids[0] {
			var back map[string]any
			if err := json.Unmarshal(p, &back); err != nil || back["tip_id"] != 42.0 {
				t.Errorf("reply opens as %s (%v)", p, err)
			}
			if _, err := r.Open(anonKeys(t, "other seal key 0123456789abcdefghij")); err == nil {
				t.Error("a sealed payload opened under another seal key")
			}
		}
	}

	if err := outbox.MarkSentMany(ctx, db, []outbox.Sent{{ID: ids[0], MessageID: 11}, {ID: digest, MessageID: 12}}); err != nil {
		t.Fatal(err)
	}
	if err := outbox.MarkDead(ctx, db, ids[1], "blocked: the chat refuses the bot"); err != nil {
		t.Fatal(err)
	}
	if !holds(t, db, "sendMessage") {
		t.Fatal("the pending reply is gone")
	}
	if err := outbox.MarkSent(ctx, db, ids[2], 13); err != nil {
		t.Fatal(err)
	}
	if holds(t, db, receipt) {
		t.Fatal("the outbox still holds the receipt once every message is finished")
	}
	var left []string
	if err := db.SelectContext(ctx, &left, `SELECT payload::text || ' ' || (payload_sealed IS NULL) FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(left, ", "); got != `{"method": "sendMessage"} true, {} true, {"method": "sendMessage"} true, {} true` {
		t.Fatalf("finished rows keep %s", got)
	}
	if d, err := outbox.DeliveryOf(ctx, db, ids[0]); err != nil || d != (outbox.Delivery{State: "sent", MessageID: 11}) {
		t.Fatalf("delivery of the sent reply: %+v %v", d, err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE outbox SET payload_sealed = '\x00' WHERE id = $1`, ids[0]); err == nil {
		t.Fatal("a sent message took a sealed payload")
	}
}

func anonKeys(t *testing.T, seal string) *anon.Keys {
	t.Helper()
	k, err := anon.NewKeys([]byte(strings.Repeat("r", 32)), []byte(seal))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Migration 023 erases what finished messages said before payloads were
// sealed, takes the reporter reference out of every chat key while keeping
// each reporter's messages together, and leaves a pending message readable
// by the sender.
func TestMigrationErasesStoredPayloads(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	up, err := fs.ReadFile(schema.FS(), "023_outbox_sealed_payload.sql")
	if err != nil {
		t.Fatal(err)
	}
	// The outbox as it was before 023.
	if _, err := db.ExecContext(ctx, `ALTER TABLE outbox DROP COLUMN payload_sealed`); err != nil {
		t.Fatal(err)
	}
	keys := testKeys(t)
	a, b := "r:"+keys.Reporter(1).Hex(), "r:"+keys.Reporter(2).Hex()
	// In jsonb's own key order, as the column gives it back.
	receiptReply := `{"text": "回执码：<code>` + receipt + `</code>", "method": "sendMessage"}`
	for _, r := range []struct {
		key, state, payload string
		chatID              *int64
		sealed              []byte
	}{
		{a, "sent", receiptReply, nil, nil},
		{a, "dead", `{"tip_id": 5, "body": "` + receipt + `"}`, nil, nil},
		{b, "sent", receiptReply, nil, nil},
		{a, "pending", receiptReply, nil, keys.SealChat(1)},
		{"office:-9", "sent", `{"text": "` + receipt + `"}`, ptr(int64(-9)), nil},
	} {
		if _, err := db.ExecContext(ctx, `INSERT INTO outbox (chat_key, kind, payload, state, chat_id, chat_sealed)
			VALUES ($1, 'reply', $2, $3, $4, $5)`, r.key, r.payload, r.state, r.chatID, r.sealed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, string(up)); err != nil {
		t.Fatal(err)
	}

	var rows []struct {
		Key     string `db:"chat_key"`
		State   string `db:"state"`
		Payload string `db:"payload"`
	}
	if err := db.SelectContext(ctx, &rows, `SELECT chat_key, state, payload::text AS payload FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows after the migration", len(rows))
	}
	for i, r := range rows[:4] {
		if strings.Contains(r.Key, keys.Reporter(1).Hex()) || strings.Contains(r.Key, keys.Reporter(2).Hex()) || len(r.Key) != len("r:")+32 {
			t.Errorf("row %d is keyed %s", i, r.Key)
		}
	}
	if rows[0].Key != rows[1].Key || rows[0].Key != rows[3].Key || rows[0].Key == rows[2].Key || rows[4].Key != "office:-9" {
		t.Errorf("chat keys %+v: want one per reporter, the office's unchanged", rows)
	}
	want := []string{`{"method": "sendMessage"}`, `{}`, `{"method": "sendMessage"}`, receiptReply, `{}`}
	for i, r := range rows {
		if r.Payload != want[i] {
			t.Errorf("%s row %d keeps %s, want %s", r.State, i, r.Payload, want[i])
		}
	}
	// The pending one goes out from its payload in clear, and is erased then.
	claimed, err := outbox.Claim(ctx, db, 10, 0, nil)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if p, err := claimed[0].Open(keys); err != nil || string(p) != receiptReply {
		t.Fatalf("the pending message reads %s, %v", p, err)
	}
	if err := outbox.MarkSent(ctx, db, claimed[0].ID, 3); err != nil {
		t.Fatal(err)
	}
	if holds(t, db, receipt) {
		t.Fatal("the receipt is still in the outbox")
	}
}
