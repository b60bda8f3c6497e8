// Package audit owns the append-only audit log: every login, view of a tip,
// change, export, block and purge. The database refuses to update or delete it.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Entry is one line of the log.
type Entry struct {
	ID        int64           `db:"id"`
	At        time.Time       `db:"at"`
	OfficerID *int64          `db:"officer_id"`
	Username  string          `db:"username"`
	Action    string          `db:"action"` // e.g. "login", "login.failed", "tip.view", "tip.close", "export", "purge"
	TipID     *int64          `db:"tip_id"`
	Client    string          `db:"client"`
	Detail    json.RawMessage `db:"detail"`
}

// Record appends an entry; detail is marshalled to JSON and must never hold
// anything that identifies a reporter.
func Record(ctx context.Context, db sqlx.ExtContext, officerID *int64, username, action string, tipID *int64, client string, detail any) error {
	if detail == nil {
		detail = struct{}{}
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit: unable to encode %s: %w", action, err)
	}
	_, err = db.ExecContext(ctx, `
		INSERT INTO audit_log (officer_id, username, action, tip_id, client, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, officerID, username, action, tipID, client, string(d))
	if err != nil {
		return fmt.Errorf("audit: unable to record %s: %w", action, err)
	}
	return nil
}

// Filter narrows List. Zero values mean "any".
type Filter struct {
	OfficerID int64
	TipID     int64
	Action    string // exact, or a prefix ending in "." such as "tip."
	From, To  time.Time
	BeforeID  int64 // keyset pagination: entries older than this id
	Limit     int
}

// List returns entries newest first.
func List(ctx context.Context, db sqlx.QueryerContext, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, at, officer_id, username, action, tip_id, client, detail FROM audit_log
		WHERE ($1 = 0 OR officer_id = $1)
		  AND ($2 = 0 OR tip_id = $2)
		  AND ($3 = '' OR action = $3 OR (right($3, 1) = '.' AND starts_with(action, $3)))
		  AND ($4::timestamptz IS NULL OR at >= $4)
		  AND ($5::timestamptz IS NULL OR at < $5)
		  AND ($6 = 0 OR id < $6)
		ORDER BY id DESC LIMIT $7`
	var out []Entry
	err := sqlx.SelectContext(ctx, db, &out, q, f.OfficerID, f.TipID, f.Action,
		nullTime(f.From), nullTime(f.To), f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("audit: unable to list: %w", err)
	}
	return out, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
