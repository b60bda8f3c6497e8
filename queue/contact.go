package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// reachableSQL is the rule for "the reporter can be messaged", written once:
// they chose chat, the sealed chat is still kept (it is erased at close), and
// Telegram has not said the chat is gone. alias prefixes the columns.
func reachableSQL(alias string) string {
	return "(" + alias + "contact_mode = 'chat' AND " + alias + "contact_sealed IS NOT NULL AND " + alias + "contact_unreachable_at IS NULL)"
}

// tipContact is what a message to a tip's reporter needs: their reference and
// sealed chat, whether they can be reached, the language they read, and when
// they reported (so the message can say which report it is about).
type tipContact struct {
	ref, sealed []byte
	reachable   bool
	locale      string
	created     time.Time
}

// readContact reads a tip's contact inside the caller's transaction, before
// a change that may erase it.
func readContact(ctx context.Context, tx sqlx.QueryerContext, id int64) (tipContact, error) {
	var c tipContact
	err := tx.QueryRowxContext(ctx, `
		SELECT reporter_ref, contact_sealed, `+reachableSQL("")+`, `+chatLocaleSQL+`, created_at
		  FROM tips WHERE id = $1`, id).Scan(&c.ref, &c.sealed, &c.reachable, &c.locale, &c.created)
	if err != nil {
		return c, fmt.Errorf("queue: unable to read contact of tip %d: %w", id, err)
	}
	return c, nil
}
