package intake

import (
	"context"
	"errors"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/queue"
)

// Rate takes the reporter's answer to the closing notice's satisfaction
// question, from any channel; the channel has made sure it is the reporter's
// (a signed button, a checked receipt). An answer to a tip that is not a
// closed report is ErrGone; a new answer replaces the earlier one, and one
// that is not 1 to 4 is the queue's invalid input.
func (c *Core) Rate(ctx context.Context, tx sqlx.ExtContext, ch Channel, tipID int64, v queue.Satisfaction) error {
	err := c.queue.Rate(ctx, tx, tipID, v)
	if errors.Is(err, queue.ErrNotFound) {
		return ErrGone
	}
	return err
}

// SatisfactionName is an answer as a reporter reads it.
func SatisfactionName(locale string, v queue.Satisfaction) string {
	return Text(locale, "satisfaction."+strconv.Itoa(int(v)))
}
