package chat

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// askReceipt waits for a receipt code as the next text.
func (s *session) askReceipt() error {
	if s.d == nil {
		s.d = &draft{}
	}
	s.d.Mode = modeReceipt
	return s.prompt(tr(s.locale, "status.ask"), keyboard(s.navMenu()))
}

func (s *session) navMenu() []models.InlineKeyboardButton {
	return []models.InlineKeyboardButton{s.btn("btn.menu", "m:menu")}
}

// checkReceipt answers a receipt check through the core: a code that is
// malformed and one that is unknown get the same answer, and both count
// against the hourly limit.
func (s *session) checkReceipt(text string) error {
	view, err := s.c.core.CheckReceipt(s.ctx, s.tx, s.key(), text)
	var limited *intake.LimitError
	switch {
	case errors.As(err, &limited):
		s.clearMode()
		return s.sayMenu("status.limited")
	case errors.Is(err, intake.ErrWrongReceipt):
		// Still waiting for a code: the reporter may just retype it.
		if s.d == nil {
			s.d = &draft{}
		}
		s.d.Mode = modeReceipt
		_, err := s.send(message(tr(s.locale, "status.wrong"), keyboard(s.navMenu())))
		return err
	case err != nil:
		return err
	}
	s.clearMode()
	return s.showView(view)
}

// showView tells the coarse state, reward news and waiting questions.
func (s *session) showView(v queue.ReporterView) error {
	key := "status.view"
	if v.Kind == queue.KindHelp {
		key = "status.help_view"
	}
	text := tr(s.locale, key, s.date(v.CreatedAt), intake.StateName(s.locale, string(v.State)))
	switch v.RewardState {
	case "notified", "approved":
		due := "—"
		if v.RewardClaimDue != nil {
			due = s.date(*v.RewardClaimDue)
		}
		text += "\n\n" + tr(s.locale, "status.reward", yuan(v.RewardAmountCents), due, s.c.cfg.Rewards.HowToClaim.In(s.locale))
	case "paid":
		text += "\n\n" + tr(s.locale, "status.reward_paid")
	}
	rows := [][]models.InlineKeyboardButton{}
	if v.State == queue.StateClosed {
		text += "\n\n" + tr(s.locale, "status.closed_note")
	} else {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(s.locale, "btn.add_info"), s.c.addInfoData(v.TipID))})
	}
	rows = append(rows, s.navMenu())
	if err := s.show(text, keyboard(rows...)); err != nil {
		return err
	}
	asks, btn := "status.question", "btn.answer"
	if v.Kind == queue.KindHelp {
		asks, btn = "status.help_question", "btn.reply"
	}
	for _, q := range v.Questions {
		kb := keyboard([]models.InlineKeyboardButton{button(tr(s.locale, btn), s.c.answerData(v.TipID, q.ID))})
		if _, err := s.send(message(tr(s.locale, asks, q.Body), kb)); err != nil {
			return err
		}
	}
	return nil
}

func (s *session) date(t time.Time) string {
	if loc := s.c.cfg.Location; loc != nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02")
}

func yuan(cents int64) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// onTipButton handles "Answer" and "Add information": the button's MAC is
// checked, then the next text is taken as the answer or the addition.
func (s *session) onTipButton(verb, arg string) error {
	tip, q, ok := s.c.verify(verb, arg)
	if !ok {
		return s.answerCallback(tr(s.locale, "stale.button"), false)
	}
	if s.d == nil {
		s.d = &draft{}
	}
	s.d.Tip, s.d.Question = tip, q
	s.cbMsgID = 0 // keep the status or question on screen; ask below it
	if verb == "q" {
		s.d.Mode = modeAnswer
		_, err := s.send(message(tr(s.locale, "answer.ask"), keyboard(s.navMenu())))
		return err
	}
	s.d.Mode = modeAddInfo
	_, err := s.send(message(tr(s.locale, "addinfo.ask"), keyboard(s.navMenu())))
	return err
}

// askCounsellor waits for an anonymous question for a counsellor.
func (s *session) askCounsellor() error {
	if !s.c.cfg.SelfHelp.CounsellorEnabled {
		return s.showSelfHelp()
	}
	if s.d == nil {
		s.d = &draft{}
	}
	s.d.Mode = modeHelpText
	return s.prompt(tr(s.locale, "selfhelp.ask"), keyboard(s.navMenu()))
}

// onModeText takes the text the conversation was waiting for.
func (s *session) onModeText(text string) error {
	switch s.d.Mode {
	case modeAddInfo, modeAnswer:
		return s.onDialogue(text, nil, false)
	case modeReceipt:
		s.clearMode()
		return s.checkReceipt(text)
	case modeHelpText:
		s.clearMode()
		return s.submitHelp(text)
	}
	s.clearMode()
	return s.onReportText(0, text)
}

// stillWaiting says why what was sent was not taken; the conversation still
// waits for it, and the menu button leaves.
func (s *session) stillWaiting(text string) error {
	_, err := s.send(message(text, keyboard(s.navMenu())))
	return err
}

// onDialogue hands an answer or added information to the core, with the
// file f when there is one (its caption is the text). A refused file is
// explained and the answer is still awaited, so nothing typed is lost; an
// uncleanable one is held until the reporter chooses (onHeldAnswer).
func (s *session) onDialogue(text string, f *incoming, keepUncleanable bool) error {
	mode, tip, q := s.d.Mode, s.d.Tip, s.d.Question
	s.d.Held = nil
	var files []intake.Upload
	if f != nil {
		up, p, err := s.download(*f)
		if err != nil {
			return err
		}
		if p != intake.ProblemNone {
			return s.stillWaiting(s.c.core.ProblemText(intake.Telegram, s.locale, p))
		}
		up.KeepUncleanable = keepUncleanable
		files = append(files, up)
	}
	var err error
	if mode == modeAnswer {
		_, err = s.c.core.Answer(s.ctx, s.tx, intake.Telegram, tip, q, text, files)
	} else {
		_, err = s.c.core.AddInformation(s.ctx, s.tx, intake.Telegram, tip, text, files)
	}
	var refused *intake.ProblemError
	switch {
	case errors.As(err, &refused) && refused.Problem == intake.ProblemUncleanable:
		s.d.Held = &heldAnswer{File: *f, Text: text}
		_, err := s.send(message(intake.UncleanableText(s.locale, refused.Remains), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.keep_anyway", "u:answer:keep")},
			[]models.InlineKeyboardButton{s.btn("btn.screenshot_instead", "u:answer:drop")},
			s.navMenu(),
		)))
		return err
	case errors.As(err, &refused):
		return s.stillWaiting(s.c.core.ProblemText(intake.Telegram, s.locale, refused.Problem))
	case errors.Is(err, intake.ErrGone) && mode == modeAnswer:
		s.clearMode()
		return s.sayMenu("answer.gone")
	case errors.Is(err, intake.ErrGone):
		s.clearMode()
		return s.sayMenu("dialogue.gone")
	case err != nil:
		return err
	}
	s.clearMode()
	if mode == modeAnswer {
		return s.sayMenu("answer.sent")
	}
	return s.sayMenu("addinfo.done")
}

// onHeldAnswer takes the reporter's choice about the uncleanable file of an
// answer: send it anyway with its words, or drop it and wait for the answer.
func (s *session) onHeldAnswer(verb string) error {
	if s.d == nil || s.d.Held == nil || (s.d.Mode != modeAnswer && s.d.Mode != modeAddInfo) {
		return s.answerCallback(tr(s.locale, "stale.button"), false)
	}
	held := *s.d.Held
	s.d.Held = nil
	s.cbMsgID = 0 // the question stays on screen; the outcome goes below
	if verb != "keep" {
		return s.stillWaiting(tr(s.locale, "report.evidence.dropped"))
	}
	return s.onDialogue(held.Text, &held.File, true)
}

// submitHelp sends a question to the counsellors: a help tip, never seen by
// enforcement roles, answered in this chat.
func (s *session) submitHelp(text string) error {
	_, receipt, err := s.c.core.SubmitHelp(s.ctx, s.tx, text, intake.HelpOptions{
		Channel:       intake.Telegram,
		ReporterRef:   s.ref,
		Locale:        s.locale,
		ContactSealed: s.sealed,
		LimitKey:      s.key(),
	})
	switch {
	case errors.Is(err, intake.ErrLimited):
		return s.sayMenu("selfhelp.limit")
	case errors.Is(err, intake.ErrBlocked):
		return s.say("blocked")
	case errors.Is(err, intake.ErrRefused):
		return s.sayMenu("report.invalid")
	case err != nil:
		return err
	}
	return s.sendReceipt("selfhelp.done", receipt)
}
