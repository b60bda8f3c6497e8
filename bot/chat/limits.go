package chat

import (
	"fmt"
	"time"
)

// The per-reporter counters in bot_limits.
const (
	limitMessages = "messages"       // per minute
	limitReceipts = "wrong_receipts" // per hour
	limitTips     = "tips"           // per day
)

// bump counts one more event in the current fixed window and returns the
// count including it.
func (s *session) bump(kind string, window time.Duration) (int, error) {
	const q = `
		INSERT INTO bot_limits (reporter_ref, kind, window_start, count)
		VALUES ($1, $2, $3, 1)
		ON CONFLICT (reporter_ref, kind, window_start) DO UPDATE SET count = bot_limits.count + 1
		RETURNING count`
	var n int
	if err := s.tx.GetContext(s.ctx, &n, q, s.ref.Bytes(), kind, s.now.UTC().Truncate(window)); err != nil {
		return 0, fmt.Errorf("chat: unable to count %s: %w", kind, err)
	}
	return n, nil
}

// count returns the events counted in the current window.
func (s *session) count(kind string, window time.Duration) (int, error) {
	const q = `
		SELECT coalesce(sum(count), 0) FROM bot_limits
		WHERE reporter_ref = $1 AND kind = $2 AND window_start = $3`
	var n int
	if err := s.tx.GetContext(s.ctx, &n, q, s.ref.Bytes(), kind, s.now.UTC().Truncate(window)); err != nil {
		return 0, fmt.Errorf("chat: unable to count %s: %w", kind, err)
	}
	return n, nil
}
