package intake

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

// Queue is what the core asks of the triage queue (*queue.Store).
type Queue interface {
	Submit(ctx context.Context, tx sqlx.ExtContext, sub queue.Submission) (int64, queue.Receipt, error)
	LookupReceipt(ctx context.Context, tx sqlx.ExtContext, r queue.Receipt) (queue.ReporterView, error)
	AddInformation(ctx context.Context, tx sqlx.ExtContext, tipID int64, body string, atts []queue.NewAttachment) (queue.Dialogue, error)
	AnswerQuestion(ctx context.Context, tx sqlx.ExtContext, tipID, questionID int64, body string, atts []queue.NewAttachment) (queue.Dialogue, error)
	AttachmentTotals(ctx context.Context, tx sqlx.ExtContext, tipID int64) (int, int64, error)
	Closed(ctx context.Context, tx sqlx.QueryerContext, tipID int64) (bool, error)
	Rate(ctx context.Context, tx sqlx.ExtContext, tipID int64, v queue.Satisfaction) error
}

// Deps are what the core needs; Now defaults to time.Now.
type Deps struct {
	Config *config.Config
	Queue  Queue
	Log    *slog.Logger
	Now    func() time.Time
}

// Core holds the rules of a report for every channel. It is safe for
// concurrent use; every call works inside the caller's transaction.
type Core struct {
	cfg   *config.Config
	queue Queue
	log   *slog.Logger
	now   func() time.Time
}

// New checks the dependencies and returns the core.
func New(d Deps) (*Core, error) {
	if d.Config == nil || d.Queue == nil {
		return nil, errors.New("intake: config and queue are required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Core{cfg: d.Config, queue: d.Queue, log: d.Log, now: d.Now}, nil
}

// Now is the core's clock, for channels that stamp what they show.
func (c *Core) Now() time.Time { return c.now() }

// Config is the configuration the core was built with.
func (c *Core) Config() *config.Config { return c.cfg }

// DescriptionMax is the longest description, in characters (runes).
func (c *Core) DescriptionMax() int {
	if n := c.cfg.Bot.DescriptionMax; n > 0 {
		return n
	}
	return defaultDescriptionMax
}

// DescriptionMin is the shortest description officers can work with.
func (c *Core) DescriptionMin() int { return c.cfg.Bot.DescriptionMin }

// defaultDescriptionMax applies when the configuration sets none; the
// queue's own bound is higher.
const defaultDescriptionMax = 4000

// savepoint runs fn so that its failure rolls back only what fn did, and the
// caller's transaction stays usable to tell the reporter why.
func savepoint(ctx context.Context, tx sqlx.ExtContext, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT intake_queue`); err != nil {
		return errorf("unable to open savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT intake_queue`); rerr != nil {
			return errorf("unable to roll back savepoint: %w", rerr)
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT intake_queue`); err != nil {
		return errorf("unable to release savepoint: %w", err)
	}
	return nil
}
