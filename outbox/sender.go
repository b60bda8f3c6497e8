package outbox

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Sender is a running process that leases messages (one per bot service),
// known by a heartbeat in outbox_senders. A lease it holds lasts until the
// message is recorded, the lease runs out, the sender leaves, or another
// sender finds its heartbeat stale and gives its leases back: a process that
// dies holding leases holds its chats for seconds, not for the lease. A
// message whose send had reached Telegram is then sent again: delivery
// stays at least once.
type Sender struct{ ID string }

// NewSender makes a sender with a fresh random id; it is registered by its
// first Beat.
func NewSender() Sender {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return Sender{ID: fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])}
}

// Beat records that s is alive, and gives back the leases of every sender
// whose heartbeat is older than stale, forgetting those senders. It reports
// how many leases it gave back.
func (s Sender) Beat(ctx context.Context, db sqlx.ExtContext, stale time.Duration) (int, error) {
	const q = `
		WITH beat AS (
			INSERT INTO outbox_senders (id) VALUES ($1)
			ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
		), dead AS (
			DELETE FROM outbox_senders
			 WHERE id <> $1 AND heartbeat_at < now() - $2 * interval '1 millisecond'
			RETURNING id
		)
		UPDATE outbox SET locked_until = NULL, leased_by = NULL
		 WHERE leased_by IN (SELECT id FROM dead) AND state = 'pending'`
	res, err := db.ExecContext(ctx, q, s.ID, stale.Milliseconds())
	if err != nil {
		return 0, fmt.Errorf("outbox: unable to record a sender's heartbeat: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Leave gives back the leases s still holds and forgets s: a sender shutting
// down cleanly leaves its chats to the others at once.
func (s Sender) Leave(ctx context.Context, db sqlx.ExecerContext) error {
	const q = `
		WITH gone AS (DELETE FROM outbox_senders WHERE id = $1)
		UPDATE outbox SET locked_until = NULL, leased_by = NULL
		 WHERE leased_by = $1 AND state = 'pending'`
	return exec(ctx, db, "give back a sender's", q, s.ID)
}

// Claim leases messages as the package's Claim does, held by s.
func (s Sender) Claim(ctx context.Context, db sqlx.ExtContext, limit int, lease time.Duration, skip []string) ([]Row, error) {
	return claim(ctx, db, claimQuery, limit, lease, skip, s.ID)
}
