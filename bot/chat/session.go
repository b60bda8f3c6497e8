package chat

import (
	"context"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/tipline/tipline/bot/botapi"

	"github.com/tipline/tipline/anon"
)

// session is the handling of one update: who (as a ref), where to answer
// (sealed), in which language, and the reporter's draft.
type session struct {
	c      *Conversation
	ctx    context.Context
	tx     botapi.Tx
	now    time.Time
	ref    anon.Ref
	sealed []byte
	locale string

	d       *draft // loaded by run; nil when the reporter has none
	expired bool   // a draft was found expired and erased on this update

	// callback is set while a button press is handled: the pressed message
	// is edited in place and the press is answered.
	callback   *models.CallbackQuery
	cbMsgID    int
	cbAnswered bool
}

func (s *session) run(u *models.Update, languageCode string) error {
	opened, err := s.open(languageCode)
	if err != nil {
		return err
	}
	s.locale = opened.Locale

	if n, limit := opened.Messages, s.c.cfg.Limits.MessagesPerMinute; limit > 0 && n > limit {
		if n == limit+1 {
			if err := s.say("rate.messages"); err != nil {
				return err
			}
		}
		if u.CallbackQuery != nil {
			return s.answerCallback("", false)
		}
		return nil
	}

	if err := s.takeDraft(opened.Report, opened.Extra, opened.Expires); err != nil {
		return err
	}
	if opened.Blocked && !s.seeksHelp(u) {
		// A neutral answer: nothing tells a blocked reporter they are, and
		// nothing they send is kept or reaches the queue.
		return s.neutral(u)
	}
	if s.expired {
		if err := s.say("report.expired"); err != nil {
			return err
		}
	}

	switch {
	case u.Message != nil:
		err = s.onMessage(u.Message)
	case u.EditedMessage != nil:
		err = s.onEdited(u.EditedMessage)
	case u.CallbackQuery != nil:
		s.callback = u.CallbackQuery
		if m := u.CallbackQuery.Message.Message; m != nil {
			s.cbMsgID = m.ID
		}
		err = s.onCallback(u.CallbackQuery.Data)
		if err == nil && !s.cbAnswered {
			err = s.answerCallback("", false)
		}
	}
	if err != nil {
		return err
	}
	return s.saveDraft()
}

// neutral answers a blocked reporter without keeping anything.
func (s *session) neutral(u *models.Update) error {
	if u.CallbackQuery != nil {
		s.callback = u.CallbackQuery
		return s.answerCallback("", false)
	}
	if u.Message != nil {
		// The way to help to quit stays under the answer, as it is in
		// everyone's menu.
		_, err := s.send(message(tr(s.locale, "blocked"), keyboard([]models.InlineKeyboardButton{s.btn("btn.selfhelp", "m:self")})))
		return err
	}
	return nil
}

// seeksHelp tells the updates that ask a counsellor for help to quit. A
// supervisor's block closes reporting, not that way: a person asking for
// help is not a suspect. A counsellor's own block (the help audience) is
// the queue's to apply when the question is submitted.
func (s *session) seeksHelp(u *models.Update) bool {
	switch {
	case u.CallbackQuery != nil:
		return u.CallbackQuery.Data == "m:self" || u.CallbackQuery.Data == "h:ask"
	case u.Message != nil:
		_, _, cmd := command(u.Message)
		return !cmd && s.d != nil && s.d.Mode == modeHelpText
	}
	return false
}

// onMessage dispatches a new message: commands first, then what the
// conversation is waiting for, then anything else starts or feeds a report.
func (s *session) onMessage(m *models.Message) error {
	if cmd, arg, ok := command(m); ok {
		return s.onCommand(cmd, arg)
	}
	switch {
	case m.Contact != nil:
		return s.say("contact.refused")
	case m.Sticker != nil:
		return s.sayMenu("sticker")
	case m.Poll != nil:
		return s.say("poll")
	case m.Location != nil:
		return s.onLocation(m.Location)
	}
	if hasFile(m) {
		return s.onFile(m)
	}
	text := messageText(s.locale, m)
	if text == "" {
		return s.say("unsupported")
	}
	if s.d != nil && s.d.Mode != "" {
		return s.onModeText(text)
	}
	return s.onReportText(m.ID, text)
}

// command reads "/name arg" (also "/name@bot arg") from a message.
func command(m *models.Message) (string, string, bool) {
	if m.ForwardOrigin != nil || !strings.HasPrefix(m.Text, "/") {
		return "", "", false
	}
	first, arg, _ := strings.Cut(m.Text, " ")
	name, _, _ := strings.Cut(first[1:], "@")
	return strings.ToLower(name), strings.TrimSpace(arg), true
}

func (s *session) onCommand(cmd, arg string) error {
	switch cmd {
	case "start", "menu":
		s.clearMode()
		if cmd == "start" && arg != "" {
			return s.startFromPoster(arg)
		}
		return s.showMenu("menu.intro")
	case "cancel":
		return s.cancel()
	case "help":
		return s.sayMenu("help.body")
	case "status":
		s.clearMode()
		if arg != "" {
			return s.checkReceipt(arg)
		}
		return s.askReceipt()
	case "lang", "language":
		return s.showLanguages()
	case "report":
		return s.startReport()
	}
	return s.sayMenu("help.body")
}

// cancel drops whatever is in progress: the draft and its files.
func (s *session) cancel() error {
	if s.d == nil || s.d.empty() {
		s.d = nil
		return s.sayMenu("cancel.nothing")
	}
	if err := s.stripWizard(); err != nil {
		return err
	}
	s.d = nil
	return s.showMenu("cancel.done")
}

func (s *session) clearMode() {
	if s.d != nil {
		s.d.Mode, s.d.Tip, s.d.Question, s.d.Held = "", 0, 0, nil
	}
}

// onEdited keeps a draft's description in step with edits of the messages
// it was made of. Edits of anything already submitted are not followed.
func (s *session) onEdited(m *models.Message) error {
	text := messageText(s.locale, m)
	if text == "" {
		return nil // live locations and media edits: nothing to follow
	}
	if s.d != nil && s.d.Report != nil && s.d.Report.ReplaceText(int64(m.ID), text, s.c.core.DescriptionMax()) {
		return s.say("edit.updated")
	}
	return s.say("edit.after_submit")
}
