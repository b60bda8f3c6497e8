package chat

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/outbox"
)

// send writes one request to the reporter's chat as an outbox row and returns
// the row's id (edits of the wizard message refer to it).
func (s *session) send(r botapi.Request) (int64, error) {
	ids, err := s.sendAll(r)
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// sendAll writes requests to the reporter's chat as outbox rows, in order,
// in one statement, and returns the rows' ids.
func (s *session) sendAll(rs ...botapi.Request) ([]int64, error) {
	ms := make([]outbox.Message, len(rs))
	for i, r := range rs {
		ms[i] = outbox.Message{Lane: outbox.Interactive, To: outbox.Reporter(s.ref, s.sealed, s.c.keys), Kind: "reply",
			Payload: botapi.ReplyPayload{Request: r}}
	}
	ids, err := outbox.EnqueueMany(s.ctx, s.tx, ms...)
	if err != nil {
		return nil, fmt.Errorf("chat: unable to reply: %w", err)
	}
	if len(ids) != len(rs) {
		return nil, fmt.Errorf("chat: %d replies queued of %d", len(ids), len(rs))
	}
	return ids, nil
}

// message is a plain-text sendMessage: never a parse mode, so whatever the
// reporter typed and is echoed here stays text.
func message(text string, kb *models.InlineKeyboardMarkup) botapi.Request {
	r := botapi.Request{Method: botapi.SendMessage, Text: limitText(text), DisablePreview: true}
	if kb != nil {
		r.ReplyMarkup = kb
	}
	return r
}

// say sends a catalogue text.
func (s *session) say(key string, args ...any) error {
	_, err := s.send(message(tr(s.locale, key, args...), nil))
	return err
}

// sayMenu sends a catalogue text with the way back to the main menu.
func (s *session) sayMenu(key string, args ...any) error {
	_, err := s.send(message(tr(s.locale, key, args...), s.menuButton()))
	return err
}

// show puts a screen in front of the reporter: on a button press the pressed
// message is edited in place; otherwise a new message is sent.
func (s *session) show(text string, kb *models.InlineKeyboardMarkup) error {
	if s.cbMsgID != 0 {
		r := botapi.Request{Method: botapi.EditMessageText, Text: limitText(text), MessageID: s.cbMsgID, DisablePreview: true}
		if kb != nil {
			r.ReplyMarkup = kb
		}
		_, err := s.send(r)
		return err
	}
	_, err := s.send(message(text, kb))
	return err
}

// prompt asks for something to be typed. It is always a new message, at the
// bottom of the chat just above where the person types: a pressed button
// may sit on a message far above the latest, and a prompt edited into it
// there is a question asked out of sight.
func (s *session) prompt(text string, kb *models.InlineKeyboardMarkup) error {
	s.cbMsgID = 0
	return s.show(text, kb)
}

// showWizard shows a step of a flow. A new wizard message takes the
// keyboard off the previous one, so old buttons cannot be pressed out of
// turn; a press edits the pressed message.
func (s *session) showWizard(text string, kb *models.InlineKeyboardMarkup) error {
	if s.cbMsgID != 0 {
		return s.show(text, kb)
	}
	// The keyboard's removal and the new step in one statement: with a
	// message typed at each step, that is a round trip saved per update.
	reqs := []botapi.Request{message(text, kb)}
	if strip, ok := s.stripRequest(); ok {
		reqs = append([]botapi.Request{strip}, reqs...)
	}
	ids, err := s.sendAll(reqs...)
	if err != nil {
		return err
	}
	if s.d == nil {
		s.d = &draft{}
	}
	s.d.WizardMsg = ids[len(ids)-1]
	return nil
}

// updateWizard edits the last wizard message in place (the photos of one
// album counting up in one message).
func (s *session) updateWizard(text string, kb *models.InlineKeyboardMarkup) error {
	if s.d == nil || s.d.WizardMsg == 0 {
		return s.showWizard(text, kb)
	}
	r := botapi.Request{Method: botapi.EditMessageText, Text: limitText(text), ReplyToOutbox: s.d.WizardMsg, DisablePreview: true}
	if kb != nil {
		r.ReplyMarkup = kb
	}
	_, err := s.send(r)
	return err
}

// stripWizard removes the keyboard of the last wizard message.
func (s *session) stripWizard() error {
	strip, ok := s.stripRequest()
	if !ok {
		return nil
	}
	_, err := s.send(strip)
	return err
}

// stripRequest is the request that removes the keyboard of the last wizard
// message, if there is one; the draft forgets that message.
func (s *session) stripRequest() (botapi.Request, bool) {
	if s.d == nil || s.d.WizardMsg == 0 {
		return botapi.Request{}, false
	}
	r := botapi.Request{Method: botapi.EditMessageReplyMarkup, ReplyToOutbox: s.d.WizardMsg}
	s.d.WizardMsg = 0
	return r, true
}

// answerCallback stops the button's spinner, optionally with a short note.
func (s *session) answerCallback(text string, alert bool) error {
	if s.callback == nil || s.cbAnswered {
		return nil
	}
	s.cbAnswered = true
	_, err := s.send(botapi.Request{Method: botapi.AnswerCallbackQuery, CallbackQueryID: s.callback.ID, Text: text, ShowAlert: alert})
	return err
}

// Keyboards.

func button(text, data string) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: text, CallbackData: data}
}

func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func (s *session) btn(key, data string) models.InlineKeyboardButton {
	return button(tr(s.locale, key), data)
}

func (s *session) menuButton() *models.InlineKeyboardMarkup {
	return keyboard([]models.InlineKeyboardButton{s.btn("btn.menu", "m:menu")})
}
