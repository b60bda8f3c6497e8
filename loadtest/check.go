package loadtest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tipline/tipline/queue"
)

// check verifies, once everything is drained, that nothing was lost or
// doubled: every submitted tip is stored once and its receipt reached the
// citizen's chat, every update was processed, every outbox row was sent, and
// every chat holds exactly the messages the outbox says it made there.
func (r *rig) check(ctx context.Context, citizens []*citizen, res *Result) error {
	c := &res.Check
	c.OK = true
	for _, z := range citizens {
		if z.err != nil {
			c.CitizensFailed++
			c.fail("citizen %d: %v", z.n, z.err)
		}
	}

	// Receipts as the citizens' chats show them, including any the citizen
	// did not wait for because the run's time was up.
	var receipts []string
	for _, z := range citizens {
		for _, m := range z.u.Messages() {
			if strings.Contains(m.Text, "您的回执码是") {
				if code := receiptPattern.FindString(m.Text); code != "" {
					receipts = append(receipts, code)
				}
			}
		}
	}
	c.ReceiptsDelivered = len(receipts)
	tips := map[int64]bool{}
	for _, code := range receipts {
		view, err := r.store.LookupReceipt(ctx, r.db, queue.Receipt(code))
		if errors.Is(err, queue.ErrNotFound) {
			c.fail("a delivered receipt opens no tip")
			continue
		}
		if err != nil {
			return fmt.Errorf("loadtest: unable to look up a receipt: %w", err)
		}
		tips[view.TipID] = true
	}
	c.ReceiptsDistinct = len(tips)
	if err := r.db.GetContext(ctx, &c.TipsStored, `SELECT count(*) FROM tips WHERE id > $1`, r.base.tipID); err != nil {
		return fmt.Errorf("loadtest: unable to count tips: %w", err)
	}
	c.TipsExpected = c.ReceiptsDelivered
	if r.opts.Duration == 0 && r.opts.Burst == 0 {
		c.TipsExpected = r.opts.Citizens * r.opts.TipsPerCitizen
		if c.ReceiptsDelivered != c.TipsExpected {
			c.fail("%d receipts delivered, %d expected", c.ReceiptsDelivered, c.TipsExpected)
		}
	}
	if c.TipsStored != c.TipsExpected {
		c.fail("%d tips stored, %d expected", c.TipsStored, c.TipsExpected)
	}
	if c.ReceiptsDistinct != c.ReceiptsDelivered {
		c.fail("%d receipts open only %d distinct tips", c.ReceiptsDelivered, c.ReceiptsDistinct)
	}

	err := r.db.QueryRowxContext(ctx, `
		SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state <> 'done') FROM bot_inbox`).
		Scan(&c.InboxDone, &c.InboxOther)
	if err != nil {
		return fmt.Errorf("loadtest: unable to count the inbox: %w", err)
	}
	if c.InboxOther > 0 {
		c.fail("%d inbox rows not processed", c.InboxOther)
	}
	if c.InboxDone < res.Updates {
		c.fail("%d updates posted, %d processed", res.Updates, c.InboxDone)
	}
	err = r.db.QueryRowxContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state <> 'sent')
		  FROM outbox WHERE id > $1`, r.base.outboxID).
		Scan(&c.OutboxRows, &c.OutboxSent, &c.OutboxNotSent)
	if err != nil {
		return fmt.Errorf("loadtest: unable to count the outbox: %w", err)
	}
	if c.OutboxNotSent > 0 {
		c.fail("%d outbox rows not sent", c.OutboxNotSent)
	}

	var perChat []struct {
		ChatKey  string `db:"chat_key"`
		Messages int    `db:"messages"`
	}
	err = r.db.SelectContext(ctx, &perChat, `
		SELECT chat_key, count(DISTINCT telegram_message_id) AS messages
		  FROM outbox WHERE id > $1 AND state = 'sent' AND telegram_message_id IS NOT NULL
		 GROUP BY chat_key`, r.base.outboxID)
	if err != nil {
		return fmt.Errorf("loadtest: unable to count messages per chat: %w", err)
	}
	outboxSays := make(map[string]int, len(perChat))
	for _, p := range perChat {
		outboxSays[p.ChatKey] = p.Messages
	}
	for _, z := range citizens {
		key := r.keys.OutboxKey(r.keys.Reporter(z.u.ID()))
		if got, want := len(z.u.Messages()), outboxSays[key]; got != want {
			c.ChatsMismatched++
			c.fail("citizen %d's chat holds %d messages, the outbox made %d", z.n, got, want)
		}
	}
	if res.Delivery.Unhonoured > 0 {
		c.fail("%d calls ignored a 429's retry_after", res.Delivery.Unhonoured)
	}
	return nil
}
