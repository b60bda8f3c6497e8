// Package notify is how the office hears from Tipline besides Telegram: it
// queues office notices (urgent alerts, escalations, digests) for the group
// robots the office configured (企业微信, 钉钉, 飞书 webhooks) and for an
// optional Telegram chat, as outbox rows in the caller's transaction, and it
// delivers the robots' rows with retries and within each robot's rate limit.
//
//	queue.Submit / jobs ──tx──▶ outbox row 'robot:<name>' ──Sender──▶ webhook
//	                       └──▶ outbox row 'office:<chat>' ──bot's sender──▶ Telegram
//
// A robot's URL and secret are secrets: they are never logged, stored in the
// outbox or quoted in an error; a row names its robot, and the sender looks
// the robot up in the configuration when it delivers.
package notify

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/textsplit"
	"github.com/tipline/tipline/outbox"
)

// Notice is one office notice to queue.
type Notice struct {
	// Class picks the robots: config.NoticeAlerts, NoticeEscalations or NoticeDigests.
	Class string
	// Kind names the notice in the outbox (urgent_alert, escalation, …).
	Kind string
	Lane outbox.Lane
	Text string
	// TelegramChat also sends the notice to an office chat; 0 sends none.
	TelegramChat int64
	// DedupeKey, when set, queues the notice once per destination however
	// often Enqueue is called with it.
	DedupeKey string
}

// Payload is what a robot's outbox row holds.
type Payload struct {
	Text string `json:"text"`
}

// Enqueue writes n for every robot given its class and for its Telegram
// chat, in db (the caller's transaction), and returns how many rows it
// queued. A robot's text longer than the robot takes is queued as several
// messages, in order, cut between lines.
func Enqueue(ctx context.Context, db sqlx.ExtContext, cfg *config.Config, n Notice) (int, error) {
	queued := 0
	// part tells apart the destinations (and parts) of one deduplicated notice.
	add := func(to outbox.Recipient, kind, part, text string) error {
		key := ""
		if n.DedupeKey != "" {
			key = n.DedupeKey + ":" + part
		}
		id, err := outbox.Enqueue(ctx, db, outbox.Message{Lane: n.Lane, To: to, Kind: kind, Payload: Payload{Text: text}, DedupeKey: key})
		if err != nil {
			return fmt.Errorf("notify: unable to queue %s: %w", n.Kind, err)
		}
		if id != 0 {
			queued++
		}
		return nil
	}
	for _, r := range cfg.Notify.RobotsFor(n.Class) {
		parts := textsplit.Split(n.Text, maxBytes(r.Kind), textsplit.Bytes)
		for i, text := range parts {
			part := outbox.RobotKeyPrefix + r.Name
			if len(parts) > 1 {
				part += fmt.Sprintf(":%d", i+1)
			}
			if err := add(outbox.Robot(r.Name), n.Kind, part, text); err != nil {
				return queued, err
			}
		}
	}
	if n.TelegramChat != 0 {
		to := outbox.Office(n.TelegramChat)
		// The bot's sender renders kind "text"; a text past Telegram's
		// limit goes as parts in order, as to a robot.
		parts := textsplit.Split(n.Text, textsplit.TelegramMax, textsplit.UTF16)
		for i, text := range parts {
			part := to.ChatKey
			if len(parts) > 1 {
				part += fmt.Sprintf(":%d", i+1)
			}
			if err := add(to, "text", part, text); err != nil {
				return queued, err
			}
		}
	}
	return queued, nil
}
