package chat

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
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
	case queue.QuestionNotice{}.Kind():
		var p queue.QuestionNotice
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read question: %w", err)
		}
		text, btn := "notice.question", "btn.answer"
		if p.TipKind == string(queue.KindHelp) {
			text, btn = "notice.help_reply", "btn.reply"
		}
		kb := keyboard([]models.InlineKeyboardButton{button(tr(p.Locale, btn), c.answerData(p.TipID, p.DialogueID))})
		return message(tr(p.Locale, text, c.about(p.Locale, p.TipKind, p.Submitted), p.Body), kb), nil
	case queue.QuestionImageNotice{}.Kind():
		// An image the officer shows with a question, as a file so that
		// Telegram keeps it as cleaned (a photo would be recompressed).
		var p queue.QuestionImageNotice
		if err := json.Unmarshal(payload, &p); err != nil || len(p.Data) == 0 {
			return botapi.Request{}, fmt.Errorf("chat: unable to read a question's image: %v", err)
		}
		return botapi.Request{Method: botapi.SendDocument, DocumentName: p.Name, Document: p.Data,
			Text: tr(p.Locale, "notice.question_image")}, nil
	case queue.ClosingNotice{}.Kind():
		var p queue.ClosingNotice
		if err := json.Unmarshal(payload, &p); err != nil {
			return botapi.Request{}, fmt.Errorf("chat: unable to read closing notice: %w", err)
		}
		about := c.about(p.Locale, p.TipKind, p.Submitted)
		if p.TipKind == string(queue.KindHelp) {
			// The office's closing words thank a reporter for fighting drugs;
			// a person who asked for help to quit is told what came of it.
			key := "notice.help_closed"
			if _, ok := textsZh[key+"."+p.Resolution]; ok {
				key += "." + p.Resolution
			}
			return message(tr(p.Locale, key, about), nil), nil
		}
		if p.Submitted.IsZero() {
			// Queued before notices named their tip: the office's words alone.
			return message(c.cfg.Notices.Closed.In(p.Locale), nil), nil
		}
		// The one optional question of a closed report, whose buttons stay
		// live when older keyboards are retired.
		text := tr(p.Locale, "notice.closed", about, c.cfg.Notices.Closed.In(p.Locale)) + "\n\n" + intake.Text(p.Locale, "satisfaction.ask")
		return message(text, c.satisfactionKeyboard(p.Locale, p.TipID)), nil
	case queue.KeyboardRetired{}.Kind():
		// The buttons of an earlier message (a closed tip's question) are
		// taken away; the message itself stays for the reporter to read.
		var p queue.KeyboardRetired
		if err := json.Unmarshal(payload, &p); err != nil || p.OutboxID == 0 {
			return botapi.Request{}, fmt.Errorf("chat: unable to read a keyboard to retire: %v", err)
		}
		return botapi.Request{Method: botapi.EditMessageReplyMarkup, ReplyToOutbox: p.OutboxID}, nil
	case queue.RewardNotice{}.Kind():
		var p queue.RewardNotice
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
		return message(tr(p.Locale, "notice.reward", c.about(p.Locale, string(queue.KindReport), p.Submitted),
			yuan(p.AmountCents), due, c.cfg.Rewards.HowToClaim.In(p.Locale)), nil), nil
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

// about names the tip a notice is about, as the reporter knows it: the kind
// of thing they sent and the day they sent it (the status check shows the
// same day). A notice queued without the day names the kind alone.
func (c *Conversation) about(locale, kind string, submitted time.Time) string {
	key := "about.report"
	if kind == string(queue.KindHelp) {
		key = "about.help"
	}
	if submitted.IsZero() {
		return tr(locale, key+"_undated")
	}
	if c.cfg.Location != nil {
		submitted = submitted.In(c.cfg.Location)
	}
	return tr(locale, key, submitted.Format("2006-01-02"))
}
