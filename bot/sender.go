package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/outbox"
)

// sendLoop delivers the outbox until ctx is done, then lets the sends in hand
// finish. Rows are claimed only as fast as the limits allow and only for chats
// not being throttled, so a slow group never holds up a reporter's answer.
// A claim looks at the head of every chat's queue, so its cost grows with the
// backlog: the loop claims in batches (when a quarter of the senders are free,
// or all are) rather than one row per finished send.
func (s *Service) sendLoop(ctx context.Context) {
	slots := make(chan struct{}, s.senders)
	var wg sync.WaitGroup
	defer s.leave(ctx)
	defer wg.Wait()
	idle := time.NewTicker(s.sendPoll)
	defer idle.Stop()
	batch := max(cap(slots)/4, 1)
	failures := 0
	for ctx.Err() == nil {
		if w := s.limits.globalWait(); w > 0 {
			if !sleep(ctx, w) {
				return
			}
			continue
		}
		free := cap(slots) - len(slots)
		if free < batch && len(slots) > 0 {
			select {
			case <-ctx.Done():
				return
			case <-s.wakeSender:
			case <-idle.C:
			}
			continue
		}
		claimed := time.Now()
		rows, err := s.sender.Claim(ctx, s.db, min(free, s.limits.available()), s.sendLease, s.limits.throttled())
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Error("unable to claim outbox messages", "err", err)
			if !sleep(ctx, backoff(s.retryBase, 30*s.retryBase, failures)) {
				return
			}
			failures++
			continue
		}
		failures = 0
		if len(rows) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-s.wakeSender:
			case <-idle.C:
			}
			continue
		}
		for _, row := range rows {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.deliver(context.WithoutCancel(ctx), row, claimed.Add(s.sendLease))
				<-slots
				notify(s.wakeSender)
			}()
		}
	}
}

// sentMark is a delivered message to record.
type sentMark struct{ id, messageID int64 }

// markSent records a delivered message together with the others delivered
// meanwhile, in one statement: a commit per message was most of the sender's
// cost, and a statement per message in a shared commit the next largest.
// Until it returns, the chat's next message is not claimed.
func (s *Service) markSent(ctx context.Context, id, messageID int64) error {
	if err := s.sent.do(ctx, sentMark{id: id, messageID: messageID}); err != nil {
		return err
	}
	s.delivered.add(id, messageID)
	return nil
}

func (s *Service) writeSent(ctx context.Context, marks []sentMark) error {
	sent := make([]outbox.Sent, len(marks))
	for i, m := range marks {
		sent[i] = outbox.Sent{ID: m.id, MessageID: m.messageID}
	}
	return outbox.MarkSentMany(ctx, s.db, sent)
}

// deliver sends one row and records the outcome. When the outcome cannot be
// recorded, the lease is given back at once, so the chat's messages wait a
// retry's backoff rather than the whole lease; a message already sent may then
// go twice, which a reporter prefers to silence. Only when the database
// refuses that too does the row wait for its lease to run out.
//
// leased is when the row's lease ends (by this clock, from before the claim).
func (s *Service) deliver(ctx context.Context, row outbox.Row, leased time.Time) {
	err := s.deliverRow(ctx, row, leased)
	if err == nil {
		return
	}
	s.log.Error("unable to record a delivery", "outbox_id", row.ID, "err", err)
	if err := outbox.Postpone(ctx, s.db, row.ID, time.Now().Add(s.retryBase), ""); err != nil {
		s.log.Error("unable to give back an outbox lease", "outbox_id", row.ID, "err", err)
	}
}

func (s *Service) deliverRow(ctx context.Context, row outbox.Row, leased time.Time) error {
	payload, err := row.Open(s.keys)
	if err != nil {
		outboxFailures.WithLabelValues("sealed").Inc()
		return outbox.MarkDead(ctx, s.db, row.ID, "sealed payload does not open with this key")
	}
	req, err := s.renderer.Render(row.Kind, payload)
	if errors.Is(err, botapi.ErrNothingToSend) {
		return s.markSent(ctx, row.ID, 0)
	}
	if err != nil {
		outboxFailures.WithLabelValues("render").Inc()
		s.log.Error("outbox message does not render", "outbox_id", row.ID, "kind", row.Kind, "err", err)
		return outbox.MarkDead(ctx, s.db, row.ID, "render: "+shortReason(err))
	}
	var chatID int64
	group := false
	if row.ChatID.Valid {
		chatID = row.ChatID.Int64
		group = chatID < 0
	} else if chatID, err = s.keys.OpenChat(row.ChatSealed); err != nil {
		outboxFailures.WithLabelValues("sealed").Inc()
		return outbox.MarkDead(ctx, s.db, row.ID, "sealed chat does not open with this key")
	}

	if req.ReplyToOutbox != 0 && req.MessageID == 0 {
		d, err := s.deliveryOf(ctx, req.ReplyToOutbox)
		if err != nil {
			return err
		}
		if d.State == "pending" {
			// Another chat's row, not yet sent: wait for it.
			return outbox.Postpone(ctx, s.db, row.ID, time.Now().Add(s.retryBase), "")
		}
		req.MessageID = int(d.MessageID)
		if req.MessageID == 0 {
			switch req.Method {
			case botapi.EditMessageText:
				req.Method = botapi.SendMessage
			case botapi.EditMessageReplyMarkup, botapi.DeleteMessage:
				return s.markSent(ctx, row.ID, 0)
			}
		}
	}

	for {
		isSend := req.Method == botapi.SendMessage || req.Method == botapi.SendDocument
		if req.Method != botapi.AnswerCallbackQuery {
			for {
				w := s.limits.take(row.ChatKey, group, isSend)
				if w == 0 {
					break
				}
				if time.Now().Add(w + s.sendTimeout).After(leased) {
					// The wait (a 429's pause, a group's minute) would
					// outlast the lease, and another claim would send
					// the row too: give it back until then.
					return outbox.Postpone(ctx, s.db, row.ID, time.Now().Add(w), "")
				}
				time.Sleep(w)
			}
		}
		msgID, err := s.call(ctx, chatID, req)
		if err == nil {
			outboxSent.WithLabelValues(row.Kind).Inc()
			return s.markSent(ctx, row.ID, msgID)
		}
		f := classify(err)
		outboxFailures.WithLabelValues(f.kind).Inc()
		switch f.kind {
		case failRateLimited:
			s.rateLimited.Add(1)
			s.limits.pause(row.ChatKey, group, f.retryAfter)
			return outbox.Postpone(ctx, s.db, row.ID, time.Now().Add(f.retryAfter), "")
		case failNotModified:
			return s.markSent(ctx, row.ID, int64(req.MessageID))
		case failGone:
			if req.Method == botapi.EditMessageText {
				req.Method, req.MessageID = botapi.SendMessage, 0
				continue
			}
			return s.markSent(ctx, row.ID, 0)
		case failBlocked:
			return s.unreachable(ctx, row, payload)
		case failMigrated:
			if !row.ChatID.Valid || f.migrateTo == 0 {
				return outbox.MarkDead(ctx, s.db, row.ID, "bad_request: chat migrated")
			}
			s.log.Warn("office chat migrated to a supergroup; update the configuration",
				"old_chat_id", chatID, "new_chat_id", f.migrateTo)
			if err := outbox.Readdress(ctx, s.db, chatID, f.migrateTo); err != nil {
				return err
			}
			return outbox.Postpone(ctx, s.db, row.ID, time.Now(), "")
		case failBadRequest:
			s.log.Error("Telegram refused an outbox message", "outbox_id", row.ID, "kind", row.Kind, "reason", f.detail)
			return outbox.MarkDead(ctx, s.db, row.ID, "bad_request: "+f.detail)
		default:
			wait := backoff(s.retryBase, s.retryMax, row.Attempts)
			if f.detail == detailTimeout {
				// A request that timed out may still be carried out by
				// Telegram, late. Retried at once, the late one could land
				// after the retry and after the chat's next messages: an edit
				// of the wizard then undid the step that followed it (seen
				// with a hang of 32 s against the 30 s timeout). A third of
				// the timeout, 10 s, lets a late one land first.
				wait = max(wait, s.sendTimeout/3)
			}
			s.log.Warn("sending failed, will retry", "outbox_id", row.ID, "reason", f.kind, "detail", f.detail, "attempts", row.Attempts+1)
			return outbox.Postpone(ctx, s.db, row.ID, time.Now().Add(wait), f.kind+": "+f.detail)
		}
	}
}

// deliveryOf is what became of outbox row id: remembered if this sender
// recorded it lately (see delivered), else read; a row that is not there
// any more reads as the zero Delivery.
func (s *Service) deliveryOf(ctx context.Context, id int64) (outbox.Delivery, error) {
	if m, ok := s.delivered.message(id); ok {
		return outbox.Delivery{State: "sent", MessageID: m}, nil
	}
	d, err := outbox.DeliveryOf(ctx, s.db, id)
	if err != nil && !errors.Is(err, outbox.ErrNotFound) {
		return d, err
	}
	return d, nil
}

// unreachable gives up a message to a reporter who blocked the bot and tells
// the queue, so officers know the reporter can no longer be asked. payload is
// the row's, opened: the tip it is about is not kept in clear.
func (s *Service) unreachable(ctx context.Context, row outbox.Row, payload json.RawMessage) error {
	var about struct {
		TipID int64 `json:"tip_id"`
	}
	_ = json.Unmarshal(payload, &about)
	return inTx(ctx, s.db, func(tx *sqlx.Tx) error {
		if err := outbox.MarkDead(ctx, tx, row.ID, "blocked: the chat refuses the bot"); err != nil {
			return err
		}
		if about.TipID != 0 && s.queue != nil {
			if err := s.queue.MarkContactUnreachable(ctx, tx, about.TipID); err != nil {
				return fmt.Errorf("bot: unable to mark tip %d unreachable: %w", about.TipID, err)
			}
		}
		return nil
	})
}

// call makes one Bot API request to chatID and returns the message it made.
func (s *Service) call(ctx context.Context, chatID int64, r Request) (int64, error) {
	var preview *models.LinkPreviewOptions
	if r.DisablePreview {
		yes := true
		preview = &models.LinkPreviewOptions{IsDisabled: &yes}
	}
	var markup models.ReplyMarkup
	if r.ReplyMarkup != nil {
		markup = r.ReplyMarkup
	}
	api := s.tg.api
	switch r.Method {
	case botapi.SendMessage:
		m, err := api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: r.Text,
			ParseMode: models.ParseMode(r.ParseMode), LinkPreviewOptions: preview, ReplyMarkup: markup})
		return messageID(m, err)
	case botapi.EditMessageText:
		m, err := api.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: r.MessageID,
			Text: r.Text, ParseMode: models.ParseMode(r.ParseMode), LinkPreviewOptions: preview, ReplyMarkup: markup})
		return messageID(m, err)
	case botapi.EditMessageReplyMarkup:
		m, err := api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: chatID,
			MessageID: r.MessageID, ReplyMarkup: markup})
		return messageID(m, err)
	case botapi.DeleteMessage:
		_, err := api.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: chatID, MessageID: r.MessageID})
		return int64(r.MessageID), err
	case botapi.AnswerCallbackQuery:
		_, err := api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: r.CallbackQueryID,
			Text: r.Text, ShowAlert: r.ShowAlert})
		return 0, err
	case botapi.SendDocument:
		m, err := api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID,
			Document: &models.InputFileUpload{Filename: r.DocumentName, Data: bytes.NewReader(r.Document)},
			Caption:  r.Text, ParseMode: models.ParseMode(r.ParseMode), ReplyMarkup: markup})
		return messageID(m, err)
	}
	return 0, fmt.Errorf("%w, Bad Request: unknown method %q", tgbot.ErrorBadRequest, r.Method)
}

func messageID(m *models.Message, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	if m == nil {
		return 0, nil
	}
	return int64(m.ID), nil
}

// outboxBacklogCount feeds the backlog gauge.
func outboxBacklogCount(ctx context.Context, db sqlx.QueryerContext) (int, error) {
	return outbox.Backlog(ctx, db)
}
