package chat

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/intake"
)

// Queue is what the conversation's intake core asks of the triage queue
// (*queue.Store).
type Queue = intake.Queue

// Deps are what the conversation needs; Now defaults to time.Now.
type Deps struct {
	Config *config.Config
	Queue  Queue
	Keys   *anon.Keys
	Files  botapi.Files
	Log    *slog.Logger
	Now    func() time.Time
}

// Conversation is the bot's side of the talk with citizens. It implements
// botapi.Handler and botapi.Renderer.
type Conversation struct {
	cfg       *config.Config
	core      *intake.Core
	keys      *anon.Keys
	files     botapi.Files
	log       *slog.Logger
	now       func() time.Time
	buttonKey []byte
}

var (
	_ botapi.Handler  = (*Conversation)(nil)
	_ botapi.Renderer = (*Conversation)(nil)
)

// New checks the dependencies and returns the conversation.
func New(d Deps) (*Conversation, error) {
	if d.Config == nil || d.Queue == nil || d.Keys == nil || d.Files == nil {
		return nil, errors.New("chat: config, queue, keys and files are required")
	}
	reporterKey, _, _ := d.Config.KeyBytes()
	if len(reporterKey) == 0 {
		return nil, errors.New("chat: keys.reporter is required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	// Buttons that name a tip are signed, so a forged callback cannot reach
	// someone else's tip. The key is derived, not the reporter key itself.
	m := hmac.New(sha256.New, reporterKey)
	m.Write([]byte("tipline chat buttons"))
	core, err := intake.New(intake.Deps{Config: d.Config, Queue: d.Queue, Log: d.Log, Now: d.Now})
	if err != nil {
		return nil, err
	}
	return &Conversation{
		cfg: d.Config, core: core, keys: d.Keys, files: d.Files,
		log: d.Log, now: d.Now, buttonKey: m.Sum(nil),
	}, nil
}

// Handle processes one update inside tx. Updates that are not from a private
// chat (groups the bot sits in, channels) are ignored: a reporter is only ever
// talked to alone.
func (c *Conversation) Handle(ctx context.Context, tx botapi.Tx, u *models.Update) error {
	from, chatID, ok := origin(u)
	if !ok {
		return nil
	}
	s := &session{
		c: c, ctx: ctx, tx: tx, now: c.now(),
		ref:    c.keys.Reporter(from.ID),
		sealed: c.keys.SealChat(chatID),
	}
	if err := s.run(u, from.LanguageCode); err != nil {
		// The error never carries who the reporter is or what they wrote.
		return fmt.Errorf("chat: unable to handle update: %w", err)
	}
	return nil
}

// origin finds the sender and the private chat of an update.
func origin(u *models.Update) (*models.User, int64, bool) {
	switch {
	case u.Message != nil:
		m := u.Message
		if m.From == nil || m.Chat.Type != models.ChatTypePrivate {
			return nil, 0, false
		}
		return m.From, m.Chat.ID, true
	case u.EditedMessage != nil:
		m := u.EditedMessage
		if m.From == nil || m.Chat.Type != models.ChatTypePrivate {
			return nil, 0, false
		}
		return m.From, m.Chat.ID, true
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		var chat *models.Chat
		switch {
		case q.Message.Message != nil:
			chat = &q.Message.Message.Chat
		case q.Message.InaccessibleMessage != nil:
			chat = &q.Message.InaccessibleMessage.Chat
		}
		if chat == nil || chat.Type != models.ChatTypePrivate {
			return nil, 0, false
		}
		return &q.From, chat.ID, true
	}
	return nil, 0, false
}
