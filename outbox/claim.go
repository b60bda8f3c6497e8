package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Row is a pending message claimed for delivery.
type Row struct {
	ID         int64         `db:"id"`
	Lane       Lane          `db:"lane"`
	ChatID     sql.NullInt64 `db:"chat_id"`
	ChatSealed []byte        `db:"chat_sealed"`
	ChatKey    string        `db:"chat_key"`
	Kind       string        `db:"kind"`
	// Payload is the message's payload for an office chat; for a reporter it
	// is sealed in PayloadSealed and read with Open.
	Payload       json.RawMessage `db:"payload"`
	PayloadSealed []byte          `db:"payload_sealed"`
	Attempts      int             `db:"attempts"`
}

// Opener opens the payloads a Sealer sealed (*anon.Keys).
type Opener interface {
	OpenPayload(sealed, context []byte) ([]byte, error)
}

// Open returns the payload to render: the sealed one opened with o, else the
// one in clear (an office chat's, or a reporter's queued before migration 023
// sealed them, which is erased as any other once sent).
func (r Row) Open(o Opener) (json.RawMessage, error) {
	if r.PayloadSealed == nil {
		return r.Payload, nil
	}
	p, err := o.OpenPayload(r.PayloadSealed, []byte(r.ChatKey))
	if err != nil {
		return nil, fmt.Errorf("outbox: payload of message %d: %w", r.ID, err)
	}
	return p, nil
}

// ErrNotFound is returned for a row that does not exist (any more).
var ErrNotFound = errors.New("outbox: no such message")

// Claim leases up to limit due messages for lease, in one statement that two
// senders can run at once. Only the oldest pending message of each chat is a
// candidate, so the messages of one chat go out strictly in id order and one at
// a time; among chats, lane 0 goes before 1 before 2. Chats in skip (those the
// caller is throttling) are left alone.
//
// The statement walks the due messages in delivery order (index outbox_due)
// and keeps those with no earlier pending message in their chat (one probe of
// outbox_chat each), stopping at limit. Its cost is the messages it passes
// over — those behind a chat's head, of a skipped chat or leased — not the
// whole backlog, as heads computed over every pending message (DISTINCT ON)
// were: that grew with the backlog and was the sender's largest cost.
//
// It is planned afresh each time rather than prepared: a prepared plan is
// cached (after five runs) with the statistics of the moment, and at start
// the outbox is empty; the inbox claim, prepared so, sorted every pending row
// and fell from 0.07 ms to 19 ms at 1,500 pending.
//
// Group robots' messages are left to ClaimRobots.
func Claim(ctx context.Context, db sqlx.ExtContext, limit int, lease time.Duration, skip []string) ([]Row, error) {
	return claim(ctx, db, claimQuery, limit, lease, skip, "")
}

// ClaimRobots leases the group robots' messages as Claim leases the others:
// the oldest pending message of each robot, none of a robot in skip (one at
// its rate limit).
func ClaimRobots(ctx context.Context, db sqlx.ExtContext, limit int, lease time.Duration, skip []string) ([]Row, error) {
	return claim(ctx, db, claimRobotsQuery, limit, lease, skip, "")
}

// claim leases for the sender by ("" for none: the lease runs out alone).
func claim(ctx context.Context, db sqlx.ExtContext, q string, limit int, lease time.Duration, skip []string, by string) ([]Row, error) {
	if skip == nil {
		skip = []string{}
	}
	owner := sql.NullString{String: by, Valid: by != ""}
	var rows []Row
	if err := sqlx.SelectContext(ctx, db, &rows, q, limit, lease.Milliseconds(), pq.Array(skip), owner); err != nil {
		return nil, fmt.Errorf("outbox: unable to claim messages: %w", err)
	}
	return rows, nil
}

// claimQuery takes $1 messages for $2 ms, skipping the chats in $3, for the
// sender $4 (NULL for none). The
// conditions on o are re-checked by PostgreSQL on a row another sender changed
// meanwhile, so a row just sent or leased elsewhere is not taken.
var claimQuery = fmt.Sprintf(claimTemplate, `o.chat_key NOT LIKE 'robot:%'`, "o.lane, ")

// claimRobotsQuery matches the partial index outbox_robot_due (029); robots
// have no lanes, they get alerts and digests in the order queued.
var claimRobotsQuery = fmt.Sprintf(claimTemplate, `o.chat_key LIKE 'robot:%'`, "")

const claimTemplate = `
	WITH due AS (
		SELECT o.id
		  FROM outbox o
		 WHERE o.state = 'pending'
		   AND %s
		   AND o.next_attempt_at <= now()
		   AND (o.locked_until IS NULL OR o.locked_until < now())
		   AND o.chat_key <> ALL($3)
		   AND NOT EXISTS (SELECT 1 FROM outbox e
		                    WHERE e.chat_key = o.chat_key AND e.state = 'pending' AND e.id < o.id)
		 ORDER BY %so.next_attempt_at, o.id
		 LIMIT $1
		   FOR UPDATE OF o SKIP LOCKED
	)
	UPDATE outbox SET locked_until = now() + $2 * interval '1 millisecond', leased_by = $4::uuid
	  FROM due
	 WHERE outbox.id = due.id
	RETURNING outbox.id, outbox.lane, outbox.chat_id, outbox.chat_sealed, outbox.chat_key,
	          outbox.kind, outbox.payload, outbox.payload_sealed, outbox.attempts`

// MarkSent records a delivered message and the Telegram message it became
// (0 when the request made no message, e.g. answerCallbackQuery). What the
// message said is erased (see redacted), and a reporter's sealed chat with
// it: the row no longer needs them.
func MarkSent(ctx context.Context, db sqlx.ExecerContext, id int64, messageID int64) error {
	return MarkSentMany(ctx, db, []Sent{{ID: id, MessageID: messageID}})
}

// Sent is a delivered message and the Telegram message it became (0 for none).
type Sent struct {
	ID        int64
	MessageID int64
}

// MarkSentMany records many delivered messages in one statement, as MarkSent
// does one: a sender delivering hundreds a second would otherwise spend a
// round trip on each.
func MarkSentMany(ctx context.Context, db sqlx.ExecerContext, sent []Sent) error {
	if len(sent) == 0 {
		return nil
	}
	ids := make([]int64, len(sent))
	mids := make([]int64, len(sent))
	for i, m := range sent {
		ids[i], mids[i] = m.ID, m.MessageID
	}
	const q = `
		UPDATE outbox o SET state = 'sent', sent_at = now(), locked_until = NULL, leased_by = NULL, chat_sealed = NULL,
		       payload = ` + redacted + `, payload_sealed = NULL, telegram_message_id = nullif(s.message_id, 0), attempts = o.attempts + 1
		  FROM unnest($1::bigint[], $2::bigint[]) AS s(id, message_id)
		 WHERE o.id = s.id`
	return exec(ctx, db, "mark sent", q, pq.Array(ids), pq.Array(mids))
}

// Postpone puts a message back to be tried at. A failure counts as an attempt
// and is remembered (short, without what the message says); a wait asked for
// by Telegram (429) or a chat migration does not count.
func Postpone(ctx context.Context, db sqlx.ExecerContext, id int64, at time.Time, failure string) error {
	const q = `
		UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, leased_by = NULL,
		       attempts = attempts + CASE WHEN $3 = '' THEN 0 ELSE 1 END,
		       last_error = CASE WHEN $3 = '' THEN last_error ELSE $3 END
		 WHERE id = $1 AND state = 'pending'`
	return exec(ctx, db, "postpone", q, id, at, failure)
}

// MarkDead gives a message up for good (the reporter blocked the bot, Telegram
// refused the request as malformed). reason must not quote the message. What
// the message said and a reporter's sealed chat are erased, as for a sent
// message.
func MarkDead(ctx context.Context, db sqlx.ExecerContext, id int64, reason string) error {
	const q = `
		UPDATE outbox SET state = 'dead', locked_until = NULL, leased_by = NULL, chat_sealed = NULL,
		       payload = ` + redacted + `, payload_sealed = NULL, attempts = attempts + 1, last_error = $2
		 WHERE id = $1`
	return exec(ctx, db, "mark dead", q, id, reason)
}

// Readdress moves the pending messages of an office chat Telegram migrated (a
// group that became a supergroup) to its new id, keeping their order.
func Readdress(ctx context.Context, db sqlx.ExecerContext, oldChatID, newChatID int64) error {
	to := Office(newChatID)
	const q = `
		UPDATE outbox SET chat_id = $2, chat_key = $3
		 WHERE chat_id = $1 AND state = 'pending'`
	return exec(ctx, db, "readdress", q, oldChatID, newChatID, to.ChatKey)
}

// Delivery is what became of a message, for a later message that edits it.
type Delivery struct {
	State     string
	MessageID int64 // 0 when none
}

// DeliveryOf reports the state and Telegram message of message id.
func DeliveryOf(ctx context.Context, db sqlx.QueryerContext, id int64) (Delivery, error) {
	var d struct {
		State     string        `db:"state"`
		MessageID sql.NullInt64 `db:"telegram_message_id"`
	}
	err := sqlx.GetContext(ctx, db, &d, `SELECT state, telegram_message_id FROM outbox WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, ErrNotFound
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("outbox: unable to read delivery of %d: %w", id, err)
	}
	return Delivery{State: d.State, MessageID: d.MessageID.Int64}, nil
}

// Backlog counts the pending messages.
func Backlog(ctx context.Context, db sqlx.QueryerContext) (int, error) {
	var n int
	if err := sqlx.GetContext(ctx, db, &n, `SELECT count(*) FROM outbox WHERE state = 'pending'`); err != nil {
		return 0, fmt.Errorf("outbox: unable to count the backlog: %w", err)
	}
	return n, nil
}

// redacted is what a finished message keeps of its payload: the Bot API
// method of a reply, if it has one, as methodOnly keeps in clear for a
// reporter's pending message; nothing of what was said, to a reporter or an
// office chat (digests and alerts quote tips). Later messages need only the
// row's state and Telegram message (DeliveryOf).
const redacted = `jsonb_strip_nulls(jsonb_build_object('method', payload->'method'))`

func exec(ctx context.Context, db sqlx.ExecerContext, what, q string, args ...any) error {
	if _, err := db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("outbox: unable to %s message: %w", what, err)
	}
	return nil
}
