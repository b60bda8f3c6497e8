package webreport

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/clientaddr"
)

// clientKeys turns a client's address into the key of its abuse counters:
// HMAC-SHA256 under a key drawn for the day (UTC). The address is used only
// here, in memory, and never leaves this file; the day's key is shared by the
// replicas through web_client_keys and deleted once its day is over.
type clientKeys struct {
	db      *sqlx.DB
	proxies clientaddr.Proxies

	mu  sync.Mutex
	day string
	key []byte
}

// forRequest is the counters' key for the client of r.
func (c *clientKeys) forRequest(ctx context.Context, r *http.Request, now time.Time) ([]byte, error) {
	key, err := c.dayKey(ctx, now)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(c.proxies.Of(r)))
	return m.Sum(nil), nil
}

// dayKey is today's key: drawn by the first replica to need it, read by the
// others. Yesterday's keys are deleted when a new day's is first needed.
func (c *clientKeys) dayKey(ctx context.Context, now time.Time) ([]byte, error) {
	day := now.UTC().Format(time.DateOnly)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day == day {
		return c.key, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("webreport: unable to draw the day's key: %w", err)
	}
	// DO UPDATE (of nothing that changes) returns the row another replica
	// inserted first; DO NOTHING would return no row for it.
	var key []byte
	err := c.db.GetContext(ctx, &key, `
		INSERT INTO web_client_keys (day, key) VALUES ($1, $2)
		ON CONFLICT (day) DO UPDATE SET day = EXCLUDED.day
		RETURNING key`, day, fresh)
	if err != nil {
		return nil, fmt.Errorf("webreport: unable to read the day's key: %w", err)
	}
	if _, err := c.db.ExecContext(ctx, `DELETE FROM web_client_keys WHERE day < $1`, day); err != nil {
		return nil, fmt.Errorf("webreport: unable to delete past days' keys: %w", err)
	}
	c.day, c.key = day, key
	return key, nil
}

// forgetPastDays deletes the keys of days that are over, so that none
// outlives its day even when no client comes the next day to replace it.
func (c *clientKeys) forgetPastDays(ctx context.Context, now time.Time) error {
	if _, err := c.db.ExecContext(ctx, `DELETE FROM web_client_keys WHERE day < $1`, now.UTC().Format(time.DateOnly)); err != nil {
		return fmt.Errorf("webreport: unable to delete past days' keys: %w", err)
	}
	return nil
}
