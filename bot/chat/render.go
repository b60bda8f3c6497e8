package chat

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
)

// Render turns an outbox row for a chat into its Telegram request: replies
// written by the conversation as they are, and the queue's and the office's
// notices in the reporter's language. Nothing is ever sent with a parse mode
// here but the receipt (escaped), so officers' words reach the reporter as
// plain text.
func (c *Conversation) Render(kind string, payload json.RawMessage) (botapi.Request, error) {
	switch kind {
	case "reply":
		var p botapi.ReplyPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read reply: %w", err)
		}
		if p.Method == "" {
			return botapi.Request{}, botapi.ErrNothingToSend
		}
		return p.Request, nil
	case "dialogue_question":
		var p struct {
			TipID      int64  `json:"tip_id"`
			DialogueID int64  `json:"dialogue_id"`
			Body       string `json:"body"`
			Locale     string `json:"locale"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read question: %w", err)
		}
		kb := keyboard([]models.InlineKeyboardButton{button(tr(p.Locale, "btn.answer"), c.answerData(p.TipID, p.DialogueID))})
		return message(tr(p.Locale, "notice.question", p.Body), kb), nil
	case "tip_closed":
		var p struct {
			Locale string `json:"locale"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read closing notice: %w", err)
		}
		return message(c.cfg.Notices.Closed.In(p.Locale), nil), nil
	case "reward_notice":
		var p struct {
			AmountCents int64      `json:"amount_cents"`
			ClaimDue    *time.Time `json:"claim_due"`
			Locale      string     `json:"locale"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read reward notice: %w", err)
		}
		due := "—"
		if p.ClaimDue != nil {
			t := *p.ClaimDue
			if c.cfg.Location != nil {
				t = t.In(c.cfg.Location)
			}
			due = t.Format("2006-01-02")
		}
		return message(tr(p.Locale, "notice.reward", yuan(p.AmountCents), due, c.cfg.Rewards.HowToClaim.In(p.Locale)), nil), nil
	case "text":
		// Office messages: a JSON string, or {"text": …}.
		var text string
		if err := json.Unmarshal(payload, &text); err != nil {
			var p struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(payload, &p); err != nil {
				return botapi.Request{}, fmt.Errorf("chat: unable to read text: %w", err)
			}
			text = p.Text
		}
		if text == "" {
			return botapi.Request{}, botapi.ErrNothingToSend
		}
		return message(text, nil), nil
	}
	return botapi.Request{}, fmt.Errorf("chat: no renderer for outbox kind %q", kind)
}
