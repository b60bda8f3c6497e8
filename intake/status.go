package intake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/queue"
)

// CheckReceipt reads what the holder of a receipt may learn about their
// tip, whichever channel issued it. A code that is malformed and one that is
// unknown both give ErrWrongReceipt and both count against the client's
// hourly limit (a *LimitError once reached), so guessing learns nothing and
// gets nowhere.
func (c *Core) CheckReceipt(ctx context.Context, tx sqlx.ExtContext, limitKey Key, text string) (queue.ReporterView, error) {
	if limit := c.cfg.Limits.WrongReceiptsPerHour; limit > 0 {
		n, err := c.Count(ctx, tx, limitKey, LimitWrongReceipts, time.Hour)
		if err != nil {
			return queue.ReporterView{}, err
		}
		if n >= limit {
			return queue.ReporterView{}, &LimitError{Kind: LimitWrongReceipts, Limit: limit}
		}
	}
	view, err := c.lookup(ctx, tx, text)
	if errors.Is(err, queue.ErrBadReceipt) || errors.Is(err, queue.ErrNotFound) {
		if _, err := c.Bump(ctx, tx, limitKey, LimitWrongReceipts, time.Hour); err != nil {
			return queue.ReporterView{}, err
		}
		return queue.ReporterView{}, ErrWrongReceipt
	}
	return view, err
}

func (c *Core) lookup(ctx context.Context, tx sqlx.ExtContext, text string) (queue.ReporterView, error) {
	r, err := queue.ParseReceipt(text)
	if err != nil {
		return queue.ReporterView{}, err
	}
	var view queue.ReporterView
	err = savepoint(ctx, tx, func() error {
		var err error
		view, err = c.queue.LookupReceipt(ctx, tx, r)
		return err
	})
	return view, err
}

// Answer stores the reporter's answer to question of tip, with files
// cleaned and held to the tip's limits as a report's are. A refused file is
// a *ProblemError and nothing is stored; a tip that no longer takes answers
// is ErrGone.
func (c *Core) Answer(ctx context.Context, tx sqlx.ExtContext, ch Channel, tipID, questionID int64, text string, files []Upload) (queue.Dialogue, error) {
	return c.fromReporter(ctx, tx, ch, tipID, &questionID, text, files)
}

// AddInformation stores what the reporter adds to their tip on their own,
// with files, as Answer does.
func (c *Core) AddInformation(ctx context.Context, tx sqlx.ExtContext, ch Channel, tipID int64, text string, files []Upload) (queue.Dialogue, error) {
	return c.fromReporter(ctx, tx, ch, tipID, nil, text, files)
}

func (c *Core) fromReporter(ctx context.Context, tx sqlx.ExtContext, ch Channel, tipID int64, question *int64, text string, files []Upload) (queue.Dialogue, error) {
	// A closed tip takes nothing more from its reporter, whichever channel
	// it comes through: no one reads it any more, and a button or a page
	// left open from before the closing must not reach it. Asked before
	// any file is cleaned.
	closed, err := c.queue.Closed(ctx, tx, tipID)
	if errors.Is(err, queue.ErrNotFound) || closed {
		return queue.Dialogue{}, ErrGone
	}
	if err != nil {
		return queue.Dialogue{}, err
	}
	text = TruncateRunes(CleanText(text), c.DescriptionMax())
	var atts []queue.NewAttachment
	if len(files) > 0 {
		n, total, err := c.queue.AttachmentTotals(ctx, tx, tipID)
		if err != nil {
			return queue.Dialogue{}, err
		}
		for i, up := range files {
			a, p, remains := c.cleanAttachment(ch, n, total, up)
			if p != ProblemNone {
				return queue.Dialogue{}, &ProblemError{Index: i, Problem: p, Remains: remains}
			}
			atts = append(atts, a)
			n, total = n+1, total+a.Size
		}
	}
	if strings.TrimSpace(text) == "" && len(atts) > 0 {
		// Files alone say something too; the queue wants a body.
		text = "📎"
	}
	var d queue.Dialogue
	err = savepoint(ctx, tx, func() error {
		var err error
		if question != nil {
			d, err = c.queue.AnswerQuestion(ctx, tx, tipID, *question, text, atts)
		} else {
			d, err = c.queue.AddInformation(ctx, tx, tipID, text, atts)
		}
		return err
	})
	if errors.Is(err, queue.ErrNotFound) || errors.Is(err, queue.ErrIllegalTransition) || errors.Is(err, queue.ErrInvalid) {
		return queue.Dialogue{}, ErrGone
	}
	return d, err
}

// cleanAttachment cleans one file of an answer, within the tip's limits
// (n files, total bytes so far); it is named as the tip's file n+1. An
// uncleanable file is refused, with what may remain in it, unless the
// reporter chose to keep it.
func (c *Core) cleanAttachment(ch Channel, n int, total int64, up Upload) (queue.NewAttachment, Problem, []string) {
	if p := c.checkTotals(ch, n, total, int64(len(up.Data))); p != ProblemNone {
		return queue.NewAttachment{}, p, nil
	}
	res, p := clean(up, c.FileLimits(ch).File)
	if p != ProblemNone {
		return queue.NewAttachment{}, p, nil
	}
	if p := c.checkTotals(ch, n, total, int64(len(res.Data))); p != ProblemNone {
		return queue.NewAttachment{}, p, nil
	}
	if res.Uncleanable() && !up.KeepUncleanable {
		remains := make([]string, 0, len(res.Remains))
		for _, r := range res.Remains {
			remains = append(remains, string(r))
		}
		return queue.NewAttachment{}, ProblemUncleanable, remains
	}
	a := queue.NewAttachment{Kind: res.Kind, FileName: fmt.Sprintf("evidence-%d%s", n+1, res.Ext), MIME: res.MIME, Size: int64(len(res.Data)),
		SHA256: res.SHA256, CleanStatus: string(res.Status), Removed: res.Removed, Data: res.Data}
	if a.Removed == nil {
		a.Removed = []string{}
	}
	if c.cfg.Bot.KeepOriginals {
		a.Original = up.Data
	}
	return a, ProblemNone, nil
}
