// Package outbox owns the outbox table: every message Tipline sends on Telegram
// is a row here first, written in the same transaction as the change that causes
// it, and delivered later by the bot's sender with retries. Nothing said is lost
// when a process dies between deciding to speak and speaking.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

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

// Recipient is where a message goes: a reporter's sealed chat, an office
// chat, or one of the office's group robots.
type Recipient struct {
	ChatID     int64  // an office chat, in clear; 0 for reporters
	ChatSealed []byte // a reporter's chat, sealed with anon.Keys.SealChat
	ChatKey    string // orders the messages of one chat
	// Sealer seals the payload of a message to a reporter until it is sent;
	// nil for office chats.
	Sealer Sealer
}

// Sealer seals what the outbox keeps for a reporter (*anon.Keys): the
// payload, bound to its chat key, and a chat key that only the reporter key
// links to the reporter.
type Sealer interface {
	SealPayload(plain, context []byte) []byte
	OutboxKey(ref anon.Ref) string
}

// Reporter addresses the private chat of a reporter. What is said to them is
// sealed with s until it is sent, and erased then (see MarkSentMany).
func Reporter(ref anon.Ref, sealed []byte, s Sealer) Recipient {
	r := Recipient{ChatSealed: sealed, Sealer: s}
	if s != nil {
		r.ChatKey = s.OutboxKey(ref)
	}
	return r
}

// Office addresses one of the office's own chats (groups, duty chat).
func Office(chatID int64) Recipient {
	return Recipient{ChatID: chatID, ChatKey: "office:" + strconv.FormatInt(chatID, 10)}
}

// RobotKeyPrefix starts the chat key of a group robot's messages.
const RobotKeyPrefix = "robot:"

// Robot addresses one of the office's group robots (WeCom, DingTalk, Feishu)
// by its configured name; package notify delivers its messages, the bot's
// sender never sees them.
func Robot(name string) Recipient {
	return Recipient{ChatKey: RobotKeyPrefix + name}
}

// IsRobot reports whether r is a group robot.
func (r Recipient) IsRobot() bool {
	return r.ChatID == 0 && r.ChatSealed == nil && strings.HasPrefix(r.ChatKey, RobotKeyPrefix)
}

// Message is one thing to say. Kind tells the sender how to render Payload
// (e.g. "text", "dialogue_question", "tip_closed", "reward_notice"). The
// payload of a message to a reporter is stored sealed: the payload column
// keeps only its Bot API method, if it has one.
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
	ids, err := EnqueueMany(ctx, db, m)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// EnqueueMany writes ms in one statement, in order (the sender delivers a
// chat's messages in id order), and returns their ids in that order. A
// conversation that takes the keyboard off its last message and sends the
// next one saves a round trip per update this way. When DedupeKey matched an
// earlier message, that one is left out of the ids, so messages with a key
// are best written alone, with Enqueue.
func EnqueueMany(ctx context.Context, db sqlx.ExtContext, ms ...Message) ([]int64, error) {
	const columns = 8
	args := make([]any, 0, columns*len(ms))
	values := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.To.ChatKey == "" || ((m.To.ChatID == 0) == (m.To.ChatSealed == nil) && !m.To.IsRobot()) {
			return nil, fmt.Errorf("outbox: message %q has no single recipient", m.Kind)
		}
		if m.To.ChatSealed != nil && m.To.Sealer == nil {
			return nil, fmt.Errorf("outbox: message %q to a reporter has no sealer", m.Kind)
		}
		payload, err := json.Marshal(m.Payload)
		if err != nil {
			return nil, fmt.Errorf("outbox: unable to encode %q: %w", m.Kind, err)
		}
		var sealed []byte
		if m.To.ChatSealed != nil {
			sealed = m.To.Sealer.SealPayload(payload, []byte(m.To.ChatKey))
			payload = methodOnly(payload)
		}
		var chatID *int64
		if m.To.ChatID != 0 {
			chatID = &m.To.ChatID
		}
		var dedupe *string
		if m.DedupeKey != "" {
			dedupe = &m.DedupeKey
		}
		n := len(args)
		values = append(values, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8))
		args = append(args, m.Lane, chatID, m.To.ChatSealed, m.To.ChatKey, m.Kind, string(payload), sealed, dedupe)
	}
	if len(ms) == 0 {
		return nil, nil
	}
	// The conflict target names the rows that carry a key, so it holds with
	// the unique constraint of migration 003 and with a partial index on the
	// keyed rows alike: a later migration may swap them (only digests carry a
	// key) once no replica runs a version that names the constraint's
	// column alone.
	q := `
		INSERT INTO outbox (lane, chat_id, chat_sealed, chat_key, kind, payload, payload_sealed, dedupe_key)
		VALUES ` + strings.Join(values, ", ") + `
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
		RETURNING id`
	var ids []int64
	if err := sqlx.SelectContext(ctx, db, &ids, q, args...); err != nil {
		return nil, fmt.Errorf("outbox: unable to enqueue %q: %w", ms[0].Kind, err)
	}
	// Ids are drawn as the rows are inserted, in the order given.
	slices.Sort(ids)
	return ids, nil
}

// methodOnly is what of a payload rests in clear: the Bot API method of a
// reply ({"method":"sendMessage"}), which says what kind of request it was
// and nothing of what it said, or {} for any other payload. It is also what
// a finished message keeps (see redacted).
func methodOnly(payload []byte) []byte {
	var p struct {
		Method string `json:"method"`
	}
	if json.Unmarshal(payload, &p) != nil || p.Method == "" {
		return []byte("{}")
	}
	out, _ := json.Marshal(p)
	return out
}
