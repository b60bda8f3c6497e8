package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// noChat orders the updates that belong to no chat (inline queries, polls).
const noChat = "nochat"

// ErrMalformedUpdate is an update body that is not an update.
var ErrMalformedUpdate = errors.New("bot: malformed update")

// chatOf is just enough of an update to know its id and chat.
type chatOf struct {
	Chat *struct {
		ID int64 `json:"id"`
	} `json:"chat"`
	From *struct {
		ID int64 `json:"id"`
	} `json:"from"`
	Message *struct {
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	} `json:"message"`
}

type updateHead struct {
	UpdateID int64 `json:"update_id"`
	// Every kind of update names its chat in one of these shapes.
	Message           *chatOf `json:"message"`
	EditedMessage     *chatOf `json:"edited_message"`
	ChannelPost       *chatOf `json:"channel_post"`
	EditedChannelPost *chatOf `json:"edited_channel_post"`
	CallbackQuery     *chatOf `json:"callback_query"`
	MyChatMember      *chatOf `json:"my_chat_member"`
	ChatMember        *chatOf `json:"chat_member"`
	ChatJoinRequest   *chatOf `json:"chat_join_request"`
	MessageReaction   *chatOf `json:"message_reaction"`
	InlineQuery       *chatOf `json:"inline_query"`
	PreCheckoutQuery  *chatOf `json:"pre_checkout_query"`
	ShippingQuery     *chatOf `json:"shipping_query"`
}

// inboxRow is an update ready to be stored.
type inboxRow struct {
	UpdateID int64
	ChatKey  string
	Sealed   []byte
}

// readUpdate checks a raw update and seals it with its chat key.
func (s *Service) readUpdate(raw []byte) (inboxRow, error) {
	var h updateHead
	if err := json.Unmarshal(raw, &h); err != nil || h.UpdateID <= 0 {
		return inboxRow{}, ErrMalformedUpdate
	}
	key := s.chatKey(&h)
	return inboxRow{UpdateID: h.UpdateID, ChatKey: key, Sealed: s.keys.Seal(raw)}, nil
}

// chatKey names the chat an update belongs to without naming it in clear.
func (s *Service) chatKey(h *updateHead) string {
	for _, c := range []*chatOf{h.Message, h.EditedMessage, h.ChannelPost, h.EditedChannelPost, h.CallbackQuery,
		h.MyChatMember, h.ChatMember, h.ChatJoinRequest, h.MessageReaction, h.InlineQuery, h.PreCheckoutQuery, h.ShippingQuery} {
		switch {
		case c == nil:
		case c.Chat != nil:
			return s.keys.ChatKey(c.Chat.ID)
		case c.Message != nil:
			return s.keys.ChatKey(c.Message.Chat.ID)
		case c.From != nil:
			// A private chat's id is its user's: a button on an inaccessible
			// message or an inline query still lines up with that person's chat.
			return s.keys.ChatKey(c.From.ID)
		}
	}
	return noChat
}

// store writes rows to the inbox in one statement, which commits them
// together; an update already there (redelivered) is left as it is. It returns
// how many were new. One statement rather than a transaction of inserts saves
// the webhook two round trips per update.
func (s *Service) store(ctx context.Context, rows []inboxRow) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(rows))
	keys := make([]string, len(rows))
	sealed := make([][]byte, len(rows))
	for i, r := range rows {
		ids[i], keys[i], sealed[i] = r.UpdateID, r.ChatKey, r.Sealed
	}
	const q = `
		INSERT INTO bot_inbox (update_id, chat_key, payload_sealed)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])
		ON CONFLICT (update_id) DO NOTHING`
	res, err := s.db.ExecContext(ctx, q, pq.Array(ids), pq.Array(keys), pq.ByteaArray(sealed))
	if err != nil {
		return 0, fmt.Errorf("bot: unable to store updates: %w", err)
	}
	k, _ := res.RowsAffected()
	n := int(k)
	updatesReceived.Add(float64(n))
	// A wake-up per batch's worth of new rows, up to one per worker: each
	// woken worker claims up to workerBatch of them and keeps claiming until
	// the inbox is empty. Waking one per row had most claims find one update,
	// or none, at a few hundred updates a second.
	for range min((n+workerBatch-1)/workerBatch, cap(s.wake)) {
		notify(s.wake)
	}
	return n, nil
}

// inTx runs f in a transaction, committed when f returns nil.
func inTx(ctx context.Context, db *sqlx.DB, f func(tx *sqlx.Tx) error) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}
