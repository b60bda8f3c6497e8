package bot

import (
	"context"
	"fmt"
)

// processArrival processes a webhook update in the request that brought it:
// the update goes into the inbox already done, in the transaction of its
// effects, and the request is answered once that commits. It is the same
// promise the inbox makes (nothing acknowledged is lost) in one commit
// instead of two, with no wait for a worker, whose wait and claim would
// otherwise be most of the received → reply time.
//
// It reports false when the update must take the inbox's ordinary way
// (stored pending, then a worker):
//   - it carries a file, whose download must not hold the request;
//   - an update of its chat is pending (it goes behind it);
//   - it is already in the inbox (Telegram redelivered it);
//   - arrivalSlots requests are processing theirs already;
//   - the conversation failed and storing the failure failed too.
//
// When the conversation fails, the update is stored pending with the failure
// counted, and the workers retry it as they retry any (true is returned: the
// update is stored).
//
// The updates of one chat stay in order. Telegram posts a chat's next update
// only once the webhook has answered the last (the emulator does the same),
// and an update is only processed here when no update of its chat is
// pending, so it never overtakes one stored earlier. Were a chat's updates
// posted at once, their effects would still not mix: the session's first
// statement locks the reporter's row (see bot/chat's open).
func (s *Service) processArrival(ctx context.Context, row inboxRow, raw []byte) (bool, error) {
	if carriesFile(raw) {
		return false, nil
	}
	select {
	case s.arrivals <- struct{}{}:
		defer func() { <-s.arrivals }()
	default:
		return false, nil
	}
	// The request's end must not undo work the database may be committing.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchTimeout)
	defer cancel()

	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("bot: unable to begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	res, err := tx.ExecContext(ctx, arriveDone, row.UpdateID, row.ChatKey)
	if err != nil {
		return false, fmt.Errorf("bot: unable to record update %d: %w", row.UpdateID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if herr := s.handleAlone(ctx, tx, claimedUpdate{UpdateID: row.UpdateID, opened: raw}); herr != nil {
		if err := s.storeFailed(ctx, row, herr); err != nil {
			// Neither processed nor stored: the caller stores it plainly.
			return false, err
		}
		return true, nil
	}
	updatesReceived.Inc()
	return true, nil
}

// arrivalSlots is how many webhook requests process their update at once.
// An update processed on arrival costs a transaction of its own, where the
// workers share one among up to eight: under a light load it is answered at
// once, and beyond what two requests keep up with, the rest is cheaper
// batched. More slots processed no more updates a second and gave no better
// tail (docs/benchmarks.md).
const arrivalSlots = 2

// arriveDone ($1 update id, $2 chat key) records an update as done unless
// its chat has a pending update or the update is already there (a
// redelivery). A pending update committed after this statement began is not
// seen: it arrived later.
const arriveDone = `
	INSERT INTO bot_inbox (update_id, chat_key, state, attempts, processed_at)
	SELECT $1, $2, 'done', 1, now()
	 WHERE NOT EXISTS (SELECT 1 FROM bot_inbox e WHERE e.chat_key = $2 AND e.state = 'pending')
	ON CONFLICT (update_id) DO NOTHING`

// storeFailed stores an update whose first processing failed, as a worker's
// failure would have left it: pending with the attempt counted and a retry
// time, or parked when no retry is allowed.
func (s *Service) storeFailed(ctx context.Context, row inboxRow, cause error) error {
	f := s.failureAfter(1, cause)
	state, at := "pending", any(f.retryAt)
	if f.parked {
		state, at = "parked", nil
	}
	const q = `
		INSERT INTO bot_inbox (update_id, chat_key, payload_sealed, state, attempts, last_error, locked_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (update_id) DO NOTHING`
	if _, err := s.db.ExecContext(ctx, q, row.UpdateID, row.ChatKey, row.Sealed, state, f.attempts, f.reason, at); err != nil {
		return fmt.Errorf("bot: unable to store update %d after its failure: %w", row.UpdateID, err)
	}
	updatesReceived.Inc()
	s.reportFailure(row.UpdateID, f)
	return nil
}
