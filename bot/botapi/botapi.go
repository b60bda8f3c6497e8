// Package botapi is the contract between the bot's plumbing (package bot:
// intake, workers, sender) and its conversation (package bot/chat). It is a
// package of its own so that bot can construct the conversation while the
// conversation depends only on these few types, never on bot.
//
//	Telegram ─▶ bot intake ─▶ bot_inbox ─▶ worker: tx { Handler.Handle ─▶ outbox rows; mark done }
//	outbox row ─▶ sender: Renderer.Render(kind, payload) ─▶ Request ─▶ Telegram
//
// bot.New builds the conversation as
//
//	chat.New(chat.Deps{Config *config.Config, Queue chat.Queue, Keys *anon.Keys,
//	    Files botapi.Files, Log *slog.Logger, Now func() time.Time}) (*chat.Conversation, error)
//
// where *chat.Conversation implements both Handler and Renderer.
package botapi

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"
)

// Handler processes one update inside the transaction that also marks it
// processed. It must write every reply as outbox rows (outbox.Enqueue with tx)
// and never call Telegram to send: if the transaction rolls back, nothing was
// said, and the update is processed again. A returned error (or a panic) rolls
// back and retries the update later; after bot.max_attempts it is parked.
// Errors must not carry what the reporter wrote or who they are.
type Handler interface {
	Handle(ctx context.Context, tx Tx, u *models.Update) error
}

// Tx is the transaction an update is handled in. The worker's runs its
// statements prepared (internal/stmtcache); a *sqlx.Tx serves as well.
type Tx interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// Renderer turns an outbox row into a Telegram request. The conversation
// implements it for its kinds: "reply" (a ready Request written by the
// conversation, see ReplyPayload), "dialogue_question", "tip_closed",
// "keyboard_retired", "reward_notice" (from the queue) and "text" (office
// messages).
// Return ErrNothingToSend when the row needs no request any more.
type Renderer interface {
	Render(kind string, payload json.RawMessage) (Request, error)
}

// ErrNothingToSend tells the sender a row is finished without a request.
var ErrNothingToSend = errors.New("botapi: nothing to send")

// The methods a Request may name.
const (
	SendMessage            = "sendMessage"
	EditMessageText        = "editMessageText"
	EditMessageReplyMarkup = "editMessageReplyMarkup"
	DeleteMessage          = "deleteMessage"
	AnswerCallbackQuery    = "answerCallbackQuery"
	SendDocument           = "sendDocument"
)

// Request is one Bot API call to the row's chat (the sender opens the chat;
// the request never names it).
type Request struct {
	Method    string `json:"method"`
	Text      string `json:"text,omitempty"`
	ParseMode string `json:"parse_mode,omitempty"` // "" | "HTML" | "MarkdownV2"
	// ReplyMarkup is *models.InlineKeyboardMarkup (or any markup the Bot API
	// accepts, JSON-encodable); nil removes an inline keyboard on edits.
	ReplyMarkup any `json:"reply_markup,omitempty"`
	// MessageID is the message to edit or delete, when the conversation knows it
	// (e.g. the message whose button was pressed).
	MessageID int `json:"message_id,omitempty"`
	// ReplyToOutbox edits or deletes the message an earlier outbox row of the
	// same chat produced (the wizard message edited in place). The sender waits
	// for that row; if it produced no message, an editMessageText is sent as a
	// new message and an editMessageReplyMarkup or deleteMessage is skipped.
	ReplyToOutbox int64 `json:"reply_to_outbox,omitempty"`
	// CallbackQueryID and ShowAlert are for answerCallbackQuery.
	CallbackQueryID string `json:"callback_query_id,omitempty"`
	ShowAlert       bool   `json:"show_alert,omitempty"`
	// DisablePreview turns link previews off for sendMessage and editMessageText.
	DisablePreview bool `json:"disable_preview,omitempty"`
	// DocumentName and Document are for sendDocument (Text is the caption).
	DocumentName string `json:"document_name,omitempty"`
	Document     []byte `json:"document,omitempty"`
}

// ReplyPayload is the payload of a "reply" row: the conversation enqueues
// outbox.Message{Kind: "reply", Payload: botapi.ReplyPayload{Request: r}} and
// the Renderer returns r as it is. TipID, when set, lets the sender mark the
// tip's contact unreachable if the reporter has blocked the bot.
type ReplyPayload struct {
	Request
	TipID int64 `json:"tip_id,omitempty"`
}

// Files downloads what reporters send (getFile, then the file URL). The URL
// holds the bot token: implementations never log it or wrap an error with it.
// A file over maxBytes fails with ErrFileTooLarge before it is read whole.
type Files interface {
	Download(ctx context.Context, fileID string, maxBytes int64) ([]byte, error)
}

// ErrFileTooLarge is returned by Files.Download past maxBytes.
var ErrFileTooLarge = errors.New("botapi: file too large")
