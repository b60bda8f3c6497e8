package intake

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/queue"
)

// SubmitOptions say who submits, through which channel.
type SubmitOptions struct {
	Channel Channel
	// ReporterRef is the Telegram reporter ref. Zero (the web) draws a
	// fresh random one, which links the tip to nothing.
	ReporterRef anon.Ref
	Locale      string // zh-CN | en
	// ContactSealed is the sealed chat, required when the report's Contact
	// is ContactChat; a channel without a contact step is always code mode.
	ContactSealed []byte
	// LimitKey is the client's counter key for the tips-per-day limit.
	LimitKey Key
}

// Submit validates the report of the draft under key and hands it with its
// files to the queue inside tx: ErrIncomplete (with the step) when a step is
// not done, a *LimitError past the daily limit, ErrBlocked for a blocked
// reporter, ErrRefused when the queue refuses it. On success the draft's
// report and files are erased (the draft row stays, for the channel to keep
// or drop) and the tip's receipt is returned, to be shown once. A refused
// submission leaves tx usable and the draft as it was.
func (c *Core) Submit(ctx context.Context, tx sqlx.ExtContext, key Key, r *Report, o SubmitOptions) (int64, queue.Receipt, error) {
	if !o.Channel.Valid() {
		return 0, "", errorf("channel %q", o.Channel)
	}
	if err := c.Check(o.Channel, r); err != nil {
		return 0, "", err
	}
	if err := c.CheckTips(ctx, tx, o.LimitKey); err != nil {
		return 0, "", err
	}
	ref := o.ReporterRef
	if ref == (anon.Ref{}) {
		if _, err := rand.Read(ref[:]); err != nil {
			return 0, "", errorf("unable to draw a reporter ref: %w", err)
		}
	}
	sub := queue.Submission{
		Kind:        queue.KindReport,
		Channel:     string(o.Channel),
		ReporterRef: ref,
		Locale:      o.Locale,
		Category:    r.Category,
		AreaCode:    r.AreaCode,
		AreaText:    r.AreaText,
		Latitude:    r.Latitude,
		Longitude:   r.Longitude,
		Occurred:    queue.Occurred(r.Occurred),
		Description: r.Description(),
		ContactMode: queue.ContactCode,
		Files:       draftFiles(key),
	}
	if o.Channel.hasContactStep() && r.Contact == ContactChat {
		sub.ContactMode, sub.ContactSealed = queue.ContactChat, o.ContactSealed
	}
	// A campaign archived since the poster was scanned attributes nothing.
	var err error
	if sub.CampaignID, _, err = campaign.SignerFor(c.cfg).Resolve(ctx, tx, r.Campaign); err != nil {
		return 0, "", err
	}
	id, receipt, err := c.submit(ctx, tx, sub, o.LimitKey)
	if err != nil {
		return 0, "", err
	}
	*r = Report{}
	return id, receipt, nil
}

// HelpOptions say who asks a counsellor, through which channel.
type HelpOptions struct {
	Channel       Channel
	ReporterRef   anon.Ref
	Locale        string
	ContactSealed []byte // the answer comes to this chat; nil for code mode
	LimitKey      Key
}

// SubmitHelp sends a question to the counsellors: a help tip, never seen by
// enforcement roles. It shares the daily limit with reports.
func (c *Core) SubmitHelp(ctx context.Context, tx sqlx.ExtContext, text string, o HelpOptions) (int64, queue.Receipt, error) {
	if err := c.CheckTips(ctx, tx, o.LimitKey); err != nil {
		return 0, "", err
	}
	sub := queue.Submission{
		Kind:        queue.KindHelp,
		Channel:     string(o.Channel),
		ReporterRef: o.ReporterRef,
		Locale:      o.Locale,
		Category:    queue.SelfHelpCategory,
		Occurred:    queue.OccurredToday,
		Description: TruncateRunes(text, c.DescriptionMax()),
		ContactMode: queue.ContactCode,
	}
	if len(o.ContactSealed) > 0 {
		sub.ContactMode, sub.ContactSealed = queue.ContactChat, o.ContactSealed
	}
	return c.submit(ctx, tx, sub, o.LimitKey)
}

// submit runs the queue's Submit under a savepoint and counts the tip
// against the client's day.
func (c *Core) submit(ctx context.Context, tx sqlx.ExtContext, sub queue.Submission, limitKey Key) (int64, queue.Receipt, error) {
	var (
		id      int64
		receipt queue.Receipt
	)
	err := savepoint(ctx, tx, func() error {
		var err error
		id, receipt, err = c.queue.Submit(ctx, tx, sub)
		return err
	})
	var inv *queue.InvalidError
	if errors.As(err, &inv) {
		// The field, never the value: it may be the reporter's words.
		c.log.Info("intake: submission refused", slog.String("field", inv.Field))
	}
	if err != nil {
		return 0, "", err
	}
	if _, err := c.Bump(ctx, tx, limitKey, LimitTips, 24*time.Hour); err != nil {
		return 0, "", err
	}
	return id, receipt, nil
}
