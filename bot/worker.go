package bot

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// claimedUpdate is an inbox row a worker holds.
type claimedUpdate struct {
	UpdateID int64  `db:"update_id"`
	Sealed   []byte `db:"payload_sealed"`
	Attempts int    `db:"attempts"`
	// opened is the payload opened, once it has been.
	opened []byte
}

// workLoop processes updates until ctx is done. Each update is processed in the
// transaction that claimed it (with up to workerBatch-1 others of other chats): its row stays locked while the conversation
// works, so no other worker or replica takes it, and a crash rolls everything
// back to pending. A worker that found work claims again at once and only
// sleeps once the inbox has nothing for it, so a wake-up taken by another
// worker cannot leave rows waiting for the idle poll.
func (s *Service) workLoop(ctx context.Context) {
	idle := time.NewTicker(s.idlePoll)
	defer idle.Stop()
	for ctx.Err() == nil {
		done, err := s.processNext(context.WithoutCancel(ctx))
		if err != nil {
			s.log.Error("unable to process the inbox", "err", err)
			if !sleep(ctx, s.retryBase) {
				return
			}
			continue
		}
		if done {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-idle.C:
		}
	}
}

// errHandlerPanic marks a conversation that panicked.
var errHandlerPanic = errors.New("handler panicked")

// workerBatch is how many updates (of as many chats) a worker handles in one
// transaction. A transaction per update spent most of the database's time on
// what surrounds the conversation (begin, the claim's planning and walk,
// commit): at 1,000 updates a second that was the difference between keeping
// up and not. Under light load a claim finds one or two and the batch is that.
const workerBatch = 8

// processNext processes the oldest pending update of up to workerBatch chats
// nobody is processing: pending, due, and with no earlier pending update of
// its chat. It reports false when there is nothing to do. ctx is not
// cancelled at shutdown, so the updates in hand are finished.
//
// The batch is one transaction, so one failing update would undo the others:
// then each is processed again in a transaction of its own (processOne),
// where a failure is its alone. An update that carries a file is processed
// alone from the start, as its download can take seconds the others should
// not wait.
func (s *Service) processNext(ctx context.Context) (bool, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("bot: unable to begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	var batch []claimedUpdate
	// Not a prepared statement: its plan would be cached while the inbox is
	// empty (at start), and that plan (sort every pending row, probe each)
	// took 19 ms at 1,500 pending against 0.07 ms planned afresh, so
	// throughput fell to 75 updates/s. Without parameters it is one round
	// trip as it is.
	if err := tx.SelectContext(ctx, &batch, claimUpdates); err != nil {
		return false, fmt.Errorf("bot: unable to claim updates: %w", err)
	}
	if len(batch) == 0 {
		return false, nil
	}
	var alone []claimedUpdate
	stx := s.stmts.Wrap(tx)
	for i, u := range batch {
		if len(batch) > 1 {
			if raw, err := s.keys.Open(u.Sealed); err == nil {
				if carriesFile(raw) {
					alone = append(alone, u)
					continue
				}
				u.opened = raw
			}
		}
		if err := s.handle(ctx, stx, u); err != nil {
			_ = tx.Rollback()
			return true, s.processEach(ctx, append(alone, batch[i:]...), batch[:i])
		}
	}
	if len(alone) > 0 {
		// Back to pending for processOne, still locked until the commit.
		if err := putBack(ctx, tx, alone); err != nil {
			_ = tx.Rollback()
			return true, s.processEach(ctx, batch)
		}
	}
	if err := tx.Commit(); err != nil {
		return true, s.processEach(ctx, batch)
	}
	updatesProcessed.WithLabelValues("ok").Add(float64(len(batch) - len(alone)))
	if s.committed != nil {
		ids := make([]int64, 0, len(batch))
		for _, u := range batch {
			if !slices.ContainsFunc(alone, func(a claimedUpdate) bool { return a.UpdateID == u.UpdateID }) {
				ids = append(ids, u.UpdateID)
			}
		}
		s.committed(ids)
	}
	notify(s.wakeSender)
	return true, s.processEach(ctx, alone)
}

// processEach processes updates one transaction each, in the order given
// (each list in order of update id).
func (s *Service) processEach(ctx context.Context, lists ...[]claimedUpdate) error {
	var all []claimedUpdate
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.SortFunc(all, func(a, b claimedUpdate) int { return cmp.Compare(a.UpdateID, b.UpdateID) })
	for _, u := range all {
		if err := s.processOne(ctx, u.UpdateID); err != nil {
			return err
		}
	}
	return nil
}

// processOne processes one update in a transaction of its own, if it is
// still pending, due and the oldest of its chat (another worker may have
// taken it meanwhile). A failure is counted against it alone.
func (s *Service) processOne(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bot: unable to begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	var u claimedUpdate
	err = tx.GetContext(ctx, &u, claimUpdate, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("bot: unable to claim update %d: %w", id, err)
	}
	if herr := s.handleAlone(ctx, tx, u); herr != nil {
		// Nothing the conversation did stays; only the failure is counted.
		return s.recordFailure(ctx, u, herr)
	}
	return nil
}

// handleAlone runs the conversation on u in tx, which holds u alone, and
// commits. On an error, the conversation's or the commit's, tx is rolled
// back and nothing it did stays.
func (s *Service) handleAlone(ctx context.Context, tx *sqlx.Tx, u claimedUpdate) error {
	err := s.handle(ctx, s.stmts.Wrap(tx), u)
	if err == nil {
		if err = tx.Commit(); err == nil {
			updatesProcessed.WithLabelValues("ok").Inc()
			if s.committed != nil {
				s.committed([]int64{u.UpdateID})
			}
			notify(s.wakeSender)
			return nil
		}
		err = fmt.Errorf("commit: %w", err)
	}
	_ = tx.Rollback()
	return err
}

// carriesFile tells whether an update brings a file the conversation will
// download (see processNext).
func carriesFile(raw []byte) bool {
	var u struct {
		Message *struct {
			Photo     json.RawMessage `json:"photo"`
			Document  json.RawMessage `json:"document"`
			Video     json.RawMessage `json:"video"`
			Audio     json.RawMessage `json:"audio"`
			Voice     json.RawMessage `json:"voice"`
			VideoNote json.RawMessage `json:"video_note"`
			Animation json.RawMessage `json:"animation"`
		} `json:"message"`
	}
	if json.Unmarshal(raw, &u) != nil || u.Message == nil {
		return false
	}
	m := u.Message
	return m.Photo != nil || m.Document != nil || m.Video != nil || m.Audio != nil || m.Voice != nil ||
		m.VideoNote != nil || m.Animation != nil
}

// handle opens and decodes the update and calls the conversation, turning a
// panic into an error.
func (s *Service) handle(ctx context.Context, tx Tx, u claimedUpdate) (err error) {
	defer func() {
		if p := recover(); p != nil {
			// The stack says where, without the update's contents.
			s.log.Error("conversation panicked", "update_id", u.UpdateID, "stack", string(debug.Stack()))
			err = errHandlerPanic
		}
	}()
	raw := u.opened
	if raw == nil {
		if raw, err = s.keys.Open(u.Sealed); err != nil {
			return errors.New("sealed update does not open")
		}
	}
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil {
		return errors.New("update does not decode")
	}
	return s.handler.Handle(ctx, tx, &upd)
}

// recordFailure counts a failed attempt and schedules a retry, or parks the
// update after bot.max_attempts so the rest of its chat can proceed.
func (s *Service) recordFailure(ctx context.Context, u claimedUpdate, cause error) error {
	f := s.failureAfter(u.Attempts+1, cause)
	if f.parked {
		const park = `UPDATE bot_inbox SET state = 'parked', attempts = $2, last_error = $3, locked_until = NULL WHERE update_id = $1 AND state = 'pending'`
		if _, err := s.db.ExecContext(ctx, park, u.UpdateID, f.attempts, f.reason); err != nil {
			return fmt.Errorf("bot: unable to park update %d: %w", u.UpdateID, err)
		}
	} else {
		const retry = `UPDATE bot_inbox SET attempts = $2, last_error = $3, locked_until = $4 WHERE update_id = $1 AND state = 'pending'`
		if _, err := s.db.ExecContext(ctx, retry, u.UpdateID, f.attempts, f.reason, f.retryAt); err != nil {
			return fmt.Errorf("bot: unable to schedule a retry of update %d: %w", u.UpdateID, err)
		}
	}
	s.reportFailure(u.UpdateID, f)
	return nil
}

// updateFailure is what becomes of an update whose processing failed: retried
// later, or parked once bot.max_attempts are spent.
type updateFailure struct {
	attempts int
	reason   string
	parked   bool
	retryAt  time.Time // when not parked
}

// failureAfter decides what becomes of an update after its attempts-th
// failed attempt.
func (s *Service) failureAfter(attempts int, cause error) updateFailure {
	f := updateFailure{attempts: attempts, reason: shortReason(cause), parked: attempts >= s.cfg.Bot.MaxAttempts}
	if !f.parked {
		f.retryAt = time.Now().Add(backoff(s.retryBase, s.retryMax, attempts-1))
	}
	return f
}

// reportFailure counts and logs a failure recorded for update id. A parked
// update no longer holds its chat back, so a worker is woken for the rest.
func (s *Service) reportFailure(id int64, f updateFailure) {
	if f.parked {
		updatesProcessed.WithLabelValues("parked").Inc()
		s.log.Error("update parked", "update_id", id, "attempts", f.attempts, "reason", f.reason)
		notify(s.wake)
		return
	}
	updatesProcessed.WithLabelValues("error").Inc()
	s.log.Warn("update failed, will retry", "update_id", id, "attempts", f.attempts, "reason", f.reason)
}

// One statement claims a batch and marks it done: the mark only stands if
// the transaction commits, and until then other workers see the rows as
// pending and locked, which keeps the rest of their chats waiting. A chat
// has at most one update in a batch: only its oldest pending one has no
// earlier pending update. locked_until is the earliest retry of an update
// that failed. The old payloads come back through the CTE; the rows' own are
// already erased.
var claimUpdates = fmt.Sprintf(claimSQL, "", workerBatch)

// claimUpdate is the same claim of one given update ($1).
var claimUpdate = fmt.Sprintf(claimSQL, "AND i.update_id = $1", 1)

const claimSQL = `
	WITH next AS (
		SELECT i.update_id, i.payload_sealed, i.attempts
		  FROM bot_inbox i
		 WHERE i.state = 'pending' %s
		   AND (i.locked_until IS NULL OR i.locked_until <= now())
		   AND NOT EXISTS (SELECT 1 FROM bot_inbox e
		                    WHERE e.chat_key = i.chat_key AND e.state = 'pending' AND e.update_id < i.update_id)
		 ORDER BY i.update_id
		 LIMIT %d
		   FOR UPDATE SKIP LOCKED
	)
	UPDATE bot_inbox b SET state = 'done', payload_sealed = NULL, processed_at = now(),
	       locked_until = NULL, last_error = NULL, attempts = b.attempts + 1
	  FROM next
	 WHERE b.update_id = next.update_id
	RETURNING next.update_id, next.payload_sealed, next.attempts`

// putBack undoes the claim of updates left for processOne.
func putBack(ctx context.Context, tx *sqlx.Tx, us []claimedUpdate) error {
	ids := make([]int64, len(us))
	payloads := make([][]byte, len(us))
	attempts := make([]int64, len(us))
	for i, u := range us {
		ids[i], payloads[i], attempts[i] = u.UpdateID, u.Sealed, int64(u.Attempts)
	}
	const q = `
		UPDATE bot_inbox b SET state = 'pending', payload_sealed = u.payload, processed_at = NULL, attempts = u.attempts
		  FROM unnest($1::bigint[], $2::bytea[], $3::int[]) AS u(id, payload, attempts)
		 WHERE b.update_id = u.id`
	if _, err := tx.ExecContext(ctx, q, pq.Array(ids), pq.ByteaArray(payloads), pq.Array(attempts)); err != nil {
		return fmt.Errorf("bot: unable to put updates back: %w", err)
	}
	return nil
}

// shortReason is what is kept of an error: bounded, and from our code, which
// keeps user data out of its errors.
func shortReason(err error) string {
	r := err.Error()
	if len(r) > 200 {
		r = r[:200]
	}
	return r
}
