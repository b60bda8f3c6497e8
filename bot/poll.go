package bot

import (
	"context"
	"encoding/json"
	"errors"
)

// pollLoop is the polling intake. Telegram forgets an update only when asked
// for a later offset, and the next offset is asked for only after the batch is
// committed: a crash between the two makes Telegram send the batch again, and
// the inbox drops the copies.
func (s *Service) pollLoop(ctx context.Context) {
	var offset int64
	failures := 0
	for ctx.Err() == nil {
		raws, err := s.tg.getUpdates(ctx, offset, s.pollTimeout)
		if err == nil {
			offset, err = s.intake(ctx, raws, offset)
		}
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return
			}
			s.log.Warn("polling failed, retrying", "err", err)
			if !sleep(ctx, backoff(s.retryBase, 30*s.retryBase, failures)) {
				return
			}
			failures++
			continue
		}
		failures = 0
	}
}

// intake stores one batch and returns the offset that confirms it.
func (s *Service) intake(ctx context.Context, raws []json.RawMessage, offset int64) (int64, error) {
	rows := make([]inboxRow, 0, len(raws))
	next := offset
	for _, raw := range raws {
		r, err := s.readUpdate(raw)
		if err != nil {
			// Telegram sent something unreadable; it cannot be processed, and
			// asking again would loop. Only its position is logged.
			s.log.Warn("skipping a malformed update from getUpdates", "after_offset", next)
			continue
		}
		rows = append(rows, r)
		next = max(next, r.UpdateID+1)
	}
	if _, err := s.store(ctx, rows); err != nil {
		return offset, err
	}
	return next, nil
}
