package chat

import (
	"errors"
	"html"
	"strings"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// submitReport hands the reviewed report to the core in this update's
// transaction, erases the draft and shows the receipt once.
func (s *session) submitReport() error {
	r := s.d.Report
	_, receipt, err := s.c.core.Submit(s.ctx, s.tx, s.key(), &r.Report, intake.SubmitOptions{
		Channel:       intake.Telegram,
		ReporterRef:   s.ref,
		Locale:        s.locale,
		ContactSealed: s.sealed,
		LimitKey:      s.key(),
	})
	var incomplete *intake.IncompleteError
	var limited *intake.LimitError
	switch {
	case errors.As(err, &incomplete) && incomplete.Step == stepDescription:
		r.Step = stepDescription
		return s.showStep(tr(s.locale, "report.description.short", s.c.core.DescriptionMin()))
	case errors.As(err, &incomplete):
		return s.staleStep()
	case errors.As(err, &limited):
		return s.answerCallback(tr(s.locale, "report.limit_tips", limited.Limit), true)
	case errors.Is(err, intake.ErrBlocked):
		return s.say("blocked")
	case errors.Is(err, intake.ErrRefused):
		return s.answerCallback(tr(s.locale, "report.invalid"), true)
	case err != nil:
		return err
	}
	if err := s.dropReport(); err != nil {
		return err
	}
	s.d.WizardMsg, s.d.Album = 0, ""
	// The review message keeps its text but loses its buttons.
	if s.cbMsgID != 0 {
		if _, err := s.send(botapi.Request{Method: botapi.EditMessageReplyMarkup, MessageID: s.cbMsgID}); err != nil {
			return err
		}
	}
	return s.sendReceipt("report.submitted", receipt)
}

// sendReceipt shows the receipt once. It is the one message with markup: the
// code in <code> can be copied with a tap, and every other character is
// escaped, so the catalogue text cannot turn into markup either.
func (s *session) sendReceipt(key string, receipt queue.Receipt) error {
	text := tr(s.locale, key, "\x00")
	before, after, _ := strings.Cut(text, "\x00")
	body := html.EscapeString(before) + "<code>" + html.EscapeString(string(receipt)) + "</code>" + html.EscapeString(after)
	_, err := s.send(botapi.Request{
		Method: botapi.SendMessage, Text: body, ParseMode: "HTML",
		// Its button opens the menu in a new message: the receipt must stay
		// on screen until the reporter has written it down.
		ReplyMarkup: keyboard(s.newMenuRow()), DisablePreview: true,
	})
	return err
}
