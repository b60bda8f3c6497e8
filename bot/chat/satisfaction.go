package chat

import (
	"errors"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// satisfactionData is the data of an answer button on tip's closing notice,
// signed like every button that names a tip.
func (c *Conversation) satisfactionData(tip int64, v queue.Satisfaction) string {
	t, a := strconv.FormatInt(tip, 10), strconv.Itoa(int(v))
	return "s:" + t + ":" + a + ":" + c.sign("s", t, a)
}

// satisfactionKeyboard offers the four answers, two a row.
func (c *Conversation) satisfactionKeyboard(locale string, tip int64) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	for i, v := range queue.Satisfactions {
		b := button(intake.SatisfactionName(locale, v), c.satisfactionData(tip, v))
		if i%2 == 0 {
			rows = append(rows, []models.InlineKeyboardButton{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// onSatisfaction takes an answer to the closing notice's question. The
// signed button is the reporter's own (it was sent to their chat for their
// tip); the notice stays as it was, and the press is thanked.
func (s *session) onSatisfaction(arg string) error {
	tip, v, ok := s.c.verify("s", arg)
	if !ok {
		return s.answerCallback(tr(s.locale, "stale.button"), false)
	}
	err := s.c.core.Rate(s.ctx, s.tx, intake.Telegram, tip, queue.Satisfaction(v))
	if errors.Is(err, intake.ErrGone) {
		return s.answerCallback(tr(s.locale, "stale.button"), false)
	}
	if err != nil {
		return err
	}
	return s.answerCallback(intake.Text(s.locale, "satisfaction.thanks"), false)
}
