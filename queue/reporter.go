package queue

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

func pqInt64s(ids []int64) any { return pq.Array(ids) }

// LookupReceipt finds the tip a receipt belongs to, for its holder: stored
// under its Key, or its Hash for a tip submitted before receipts had a
// bucket (the two never coincide). A wrong
// code is ErrNotFound (the bot counts those against guessing). The officers'
// unanswered questions are returned and marked seen. Reward details are shown
// only once the reporter is to be told (notified, paid).
func (s *Store) LookupReceipt(ctx context.Context, tx sqlx.ExtContext, r Receipt) (ReporterView, error) {
	var v ReporterView
	var res sql.NullString
	var amount, satisfaction sql.NullInt64
	err := tx.QueryRowxContext(ctx, `
		SELECT id, kind, state, resolution, created_at, locale, reward_state, reward_amount_cents, reward_claim_due, satisfaction
		  FROM tips WHERE receipt_hash IN ($1, $2)`, r.Key(s.receiptKey), r.Hash(s.receiptKey)).
		Scan(&v.TipID, &v.Kind, &v.State, &res, &v.CreatedAt, &v.Locale, &v.RewardState, &amount, &v.RewardClaimDue, &satisfaction)
	if errors.Is(err, sql.ErrNoRows) {
		return ReporterView{}, fmt.Errorf("queue: receipt: %w", ErrNotFound)
	}
	if err != nil {
		return ReporterView{}, fmt.Errorf("queue: unable to look up receipt: %w", err)
	}
	v.Resolution = Resolution(res.String)
	v.Satisfaction = Satisfaction(satisfaction.Int64)
	switch RewardStep(v.RewardState) {
	case RewardNotified, RewardPaid:
		v.RewardAmountCents = amount.Int64
	default:
		v.RewardState, v.RewardClaimDue = "none", nil
	}
	v.Questions, err = s.dialogues(ctx, tx, `
		WHERE d.tip_id = $1 AND d.direction = 'to_reporter'
		  AND NOT EXISTS (SELECT 1 FROM dialogue a WHERE a.reply_to = d.id)
		ORDER BY d.created_at, d.id`, v.TipID)
	if err != nil {
		return ReporterView{}, err
	}
	if len(v.Questions) > 0 {
		if v.QuestionImages, err = s.questionImages(ctx, tx, v.Questions); err != nil {
			return ReporterView{}, err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE dialogue SET seen_at = $2
			 WHERE tip_id = $1 AND direction = 'to_reporter' AND seen_at IS NULL`, v.TipID, s.now()); err != nil {
			return ReporterView{}, fmt.Errorf("queue: unable to mark questions seen: %w", err)
		}
	}
	return v, nil
}

// BlockedRef is the condition that the reporter whose ref is $1 is blocked
// from the enforcement reports (a supervisor's block), for a statement of
// another package: the bot asks it in the statement that opens each update
// (bot/chat's open) rather than in a round trip of its own. A counsellor's
// block is not in it: it refuses only help questions, at Submit.
const BlockedRef = `EXISTS (SELECT 1 FROM reporter_blocks WHERE reporter_ref = $1 AND audience = 'enforcement')`

// reporterTag is what tells one reporter's tips apart from another's on the
// officers' screens: a keyed hash of the ref under a label of the tip's
// audience. Officers see reports and counsellors help questions, and each
// side's tag is a different hash of the same person, so neither side (nor
// anyone holding the database without the receipt key) can match a help
// question to a report. 8 hex characters tell apart the few reporters one
// page shows; they are not a key to look anyone up by.
func (s *Store) reporterTag(kind Kind, ref []byte) string {
	m := hmac.New(sha256.New, s.receiptKey)
	m.Write([]byte("tipline reporter tag\x00" + blockAudience(kind) + "\x00"))
	m.Write(ref)
	return hex.EncodeToString(m.Sum(nil)[:4])
}

// blockAudience is block_audience (027_reporter_blocks_audience.sql) in Go:
// the audience that sees, and blocks in, a tip of this kind.
func blockAudience(k Kind) string {
	if k == KindHelp {
		return "help"
	}
	return "enforcement"
}

// MarkContactUnreachable records that the reporters of these tips blocked the
// bot (Telegram answered 403): further news waits for a receipt check.
func (s *Store) MarkContactUnreachable(ctx context.Context, tx sqlx.ExtContext, tipIDs ...int64) error {
	if len(tipIDs) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `
		WITH marked AS (
		    UPDATE tips SET contact_unreachable_at = $2
		     WHERE id = ANY($1) AND contact_unreachable_at IS NULL AND contact_mode = 'chat'
		 RETURNING id, state)
		INSERT INTO tip_events (tip_id, action, from_state, to_state, created_at)
		SELECT id, 'contact_unreachable', state, state, $2 FROM marked`, pq.Array(tipIDs), s.now())
	if err != nil {
		return fmt.Errorf("queue: unable to mark contact unreachable: %w", err)
	}
	return nil
}

// chatLocaleSQL is the language a message to a tip's reporter is framed in:
// the one their chat speaks now (package bot/chat keeps it in bot_reporters,
// and a reporter may switch after filing), else the tip's. Otherwise the
// framing of a question would follow the tip while its buttons and the
// prompts after them follow the chat.
const chatLocaleSQL = `coalesce((SELECT br.locale FROM bot_reporters br WHERE br.reporter_ref = tips.reporter_ref), tips.locale)`
