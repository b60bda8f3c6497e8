package chat

import (
	"errors"
	"fmt"
	"html"
	"log/slog"
	"strings"
	"time"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/queue"
)

// submitReport hands the reviewed report to the queue in this update's
// transaction, erases the draft and shows the receipt once.
func (s *session) submitReport() error {
	r := s.d.Report
	if least := s.c.cfg.Bot.DescriptionMin; r.descriptionLen() < least {
		r.Step = stepDescription
		return s.showStep(tr(s.locale, "report.description.short", least))
	}
	if r.Category == "" || r.Occurred == "" || r.Contact == "" || (r.AreaCode == "" && r.AreaText == "" && r.Latitude == nil) {
		return s.staleStep()
	}
	if limit := s.c.cfg.Limits.TipsPerDay; limit > 0 {
		n, err := s.count(limitTips, 24*time.Hour)
		if err != nil {
			return err
		}
		if n >= limit {
			return s.answerCallback(tr(s.locale, "report.limit_tips", limit), true)
		}
	}
	atts, err := s.draftAttachments()
	if err != nil {
		return err
	}
	sub := queue.Submission{
		Kind:        queue.KindReport,
		ReporterRef: s.ref,
		Locale:      s.locale,
		Category:    r.Category,
		AreaCode:    r.AreaCode,
		AreaText:    r.AreaText,
		Latitude:    r.Latitude,
		Longitude:   r.Longitude,
		Occurred:    queue.Occurred(r.Occurred),
		Description: r.description(),
		ContactMode: queue.ContactCode,
		Attachments: atts,
	}
	if r.Contact == "chat" {
		sub.ContactMode, sub.ContactSealed = queue.ContactChat, s.sealed
	}
	_, receipt, err := s.submit(sub)
	switch {
	case errors.Is(err, queue.ErrBlocked):
		return s.say("blocked")
	case errors.Is(err, queue.ErrInvalid):
		var inv *queue.InvalidError
		if errors.As(err, &inv) {
			s.c.log.Info("chat: submission refused", slog.String("field", inv.Field))
		}
		return s.answerCallback(tr(s.locale, "report.invalid"), true)
	case err != nil:
		return err
	}
	if _, err := s.bump(limitTips, 24*time.Hour); err != nil {
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

// submit runs Store.Submit under a savepoint, so that a refused submission
// leaves this update's transaction usable for the answer.
func (s *session) submit(sub queue.Submission) (int64, queue.Receipt, error) {
	var (
		id      int64
		receipt queue.Receipt
	)
	err := s.savepoint(func() error {
		var err error
		id, receipt, err = s.c.queue.Submit(s.ctx, s.tx, sub)
		return err
	})
	return id, receipt, err
}

// savepoint runs fn so that its failure rolls back only what fn did.
func (s *session) savepoint(fn func() error) error {
	if _, err := s.tx.ExecContext(s.ctx, `SAVEPOINT chat_queue`); err != nil {
		return fmt.Errorf("chat: unable to open savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := s.tx.ExecContext(s.ctx, `ROLLBACK TO SAVEPOINT chat_queue`); rerr != nil {
			return fmt.Errorf("chat: unable to roll back savepoint: %w", rerr)
		}
		return err
	}
	if _, err := s.tx.ExecContext(s.ctx, `RELEASE SAVEPOINT chat_queue`); err != nil {
		return fmt.Errorf("chat: unable to release savepoint: %w", err)
	}
	return nil
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
