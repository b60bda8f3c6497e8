// Package outbox owns the outbox table: every message Tipline sends on Telegram
// is a row here first, written in the same transaction as the change that causes
// it, and delivered later by the bot's sender with retries. Nothing said is lost
// when a process dies between deciding to speak and speaking.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
)

// Lane orders delivery: interactive answers before notices before bulk.
type Lane int16

// The lanes, in delivery order.
const (
	Interactive Lane = 0 // answers to what a reporter just did
	Notice      Lane = 1 // officers' questions, status and reward notices, alerts
	Bulk        Lane = 2 // digests
)

// Recipient is where a message goes: a reporter's sealed chat or an office chat.
type Recipient struct {
	ChatID     int64  // an office chat, in clear; 0 for reporters
	ChatSealed []byte // a reporter's chat, sealed with anon.Keys.SealChat
	ChatKey    string // orders the messages of one chat
}

// Reporter addresses the private chat of a reporter.
func Reporter(ref anon.Ref, sealed []byte) Recipient {
	return Recipient{ChatSealed: sealed, ChatKey: "r:" + ref.Hex()}
}

// Office addresses one of the office's own chats (groups, duty chat).
func Office(chatID int64) Recipient {
	return Recipient{ChatID: chatID, ChatKey: "office:" + strconv.FormatInt(chatID, 10)}
}

// Message is one thing to say. Kind tells the sender how to render Payload
// (e.g. "text", "dialogue_question", "tip_closed", "reward_notice").
type Message struct {
	Lane    Lane
	To      Recipient
	Kind    string
	Payload any
	// DedupeKey, when set, makes Enqueue idempotent: a second message with the
	// same key is not queued (a digest per period and chat is sent once).
	DedupeKey string
}

// Enqueue writes m, normally inside the caller's transaction. It returns the new
// row's id, or 0 when DedupeKey matched an earlier message.
func Enqueue(ctx context.Context, db sqlx.ExtContext, m Message) (int64, error) {
	if m.To.ChatKey == "" || (m.To.ChatID == 0) == (m.To.ChatSealed == nil) {
		return 0, fmt.Errorf("outbox: message %q has no single recipient", m.Kind)
	}
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return 0, fmt.Errorf("outbox: unable to encode %q: %w", m.Kind, err)
	}
	var chatID *int64
	if m.To.ChatID != 0 {
		chatID = &m.To.ChatID
	}
	var dedupe *string
	if m.DedupeKey != "" {
		dedupe = &m.DedupeKey
	}
	// The conflict target names the rows that carry a key, so it holds with
	// the unique constraint of migration 003 and with a partial index on the
	// keyed rows alike: a later migration may swap them (only digests carry a
	// key) once no replica runs a version that names the constraint's
	// column alone.
	const q = `
		INSERT INTO outbox (lane, chat_id, chat_sealed, chat_key, kind, payload, dedupe_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
		RETURNING id`
	rows, err := db.QueryContext(ctx, q, m.Lane, chatID, m.To.ChatSealed, m.To.ChatKey, m.Kind, payload, dedupe)
	if err != nil {
		return 0, fmt.Errorf("outbox: unable to enqueue %q: %w", m.Kind, err)
	}
	defer rows.Close()
	var id int64
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, fmt.Errorf("outbox: unable to enqueue %q: %w", m.Kind, err)
		}
	}
	return id, rows.Err()
}
