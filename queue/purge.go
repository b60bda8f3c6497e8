package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// entityLock is the advisory lock between intake, which holds it shared
// while it links a tip to entities, and Purge, which holds it exclusively for
// a few milliseconds per batch of entities it removes. Without it an entity
// found unnamed could be deleted just as a new tip links to it: the new link
// would fail its foreign key, or be deleted with the entity.
const entityLock int64 = 0x7175657565656e74 // "queueent"

// purgeSQL deletes one batch of closed tips past their retention, counting
// what cascades with them (the counts see the rows before the delete). Each
// batch is its own short transaction; rows an officer holds are skipped and
// purged by a later run.
const purgeSQL = `
WITH doomed AS (
    SELECT id FROM tips
     WHERE state = 'closed' AND (
           (kind = 'report' AND resolution = 'actioned'     AND closed_at < $1)
        OR (kind = 'report' AND resolution = 'unfounded'    AND closed_at < $2)
        OR (kind = 'report' AND resolution = 'duplicate'    AND closed_at < $3)
        OR (kind = 'report' AND resolution = 'spam'         AND closed_at < $4)
        OR (kind = 'report' AND resolution = 'out_of_scope' AND closed_at < $5)
        OR (kind = 'help' AND closed_at < $6))
     ORDER BY closed_at
     LIMIT $7
       FOR UPDATE SKIP LOCKED
), gone AS (
    DELETE FROM tips WHERE id IN (SELECT id FROM doomed) RETURNING id
)
SELECT (SELECT count(*) FROM gone),
       (SELECT count(*) FROM attachments WHERE tip_id IN (SELECT id FROM doomed)),
       (SELECT count(*) FROM dialogue WHERE tip_id IN (SELECT id FROM doomed)),
       (SELECT count(*) FROM notes WHERE tip_id IN (SELECT id FROM doomed)),
       (SELECT count(*) FROM tip_events WHERE tip_id IN (SELECT id FROM doomed))`

// Purge deletes closed tips whose retention (cfg.Retention by kind and
// resolution, counted from closing) has passed at now, batch tips per
// transaction, with their attachments, dialogue, notes, events and entity
// links. Open tips are never touched. Entities no tip names any more are
// removed too, batch at a time, so that a phone number or plate does not
// outlive every tip that named it.
//
// Intake is never blocked for longer than one batch: tips are deleted in
// short statements that lock only the rows they delete (Submit reads tips
// and tip_entities without locks; 017's index keeps the duplicate_of SET NULL
// from scanning the table per deleted tip), and entities are removed under
// entityLock held for one small batch.
func (s *Store) Purge(ctx context.Context, now time.Time, batch int) (PurgeResult, error) {
	if batch <= 0 {
		batch = 500
	}
	r := s.cfg.Retention
	cut := func(res Resolution) time.Time { return now.Add(-r.For(string(KindReport), string(res))) }
	var total PurgeResult
	for {
		var b PurgeResult
		err := s.db.QueryRowContext(ctx, purgeSQL,
			cut(Actioned), cut(Unfounded), cut(Duplicate), cut(Spam), cut(OutOfScope),
			now.Add(-r.For(string(KindHelp), "")), batch).
			Scan(&b.Tips, &b.Attachments, &b.Dialogue, &b.Notes, &b.Events)
		if err != nil {
			return total, fmt.Errorf("queue: unable to purge tips: %w", err)
		}
		total.Tips += b.Tips
		total.Attachments += b.Attachments
		total.Dialogue += b.Dialogue
		total.Notes += b.Notes
		total.Events += b.Events
		if b.Tips < batch {
			break
		}
	}
	if err := s.purgeEntities(ctx, batch); err != nil {
		return total, err
	}
	return total, nil
}

// purgeEntities removes entities no tip names. Candidates are found without
// locks, batch at a time in id order; each batch is then deleted in its own
// transaction under entityLock, taken at a moment no intake is linking
// entities, rechecking that nothing names them. Candidates are every unnamed
// entity, not only those of this run's tips, so that what a run could not
// remove (the lock never free, or an interruption) is removed by the next.
func (s *Store) purgeEntities(ctx context.Context, batch int) error {
	after := int64(0)
	for {
		var ids []int64
		if err := s.db.SelectContext(ctx, &ids, `
			SELECT id FROM entities e
			 WHERE id > $1 AND NOT EXISTS (SELECT 1 FROM tip_entities te WHERE te.entity_id = e.id)
			 ORDER BY id LIMIT $2`, after, batch); err != nil {
			return fmt.Errorf("queue: unable to find unnamed entities: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		after = ids[len(ids)-1]
		done, err := s.deleteEntities(ctx, ids)
		if err != nil {
			return fmt.Errorf("queue: unable to purge entities: %w", err)
		}
		if !done || len(ids) < batch {
			return nil
		}
	}
}

// entityLockTries bounds how long deleteEntities waits for a moment when no
// intake is linking entities; unlucky batches wait for the next run.
const entityLockTries = 50

// deleteEntities deletes ids that nothing names, under entityLock. It only
// tries the lock: waiting in the lock's queue would make every new intake
// queue behind the purge. It reports false when the lock stayed taken.
func (s *Store) deleteEntities(ctx context.Context, ids []int64) (bool, error) {
	for range entityLockTries {
		var got bool
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			if err := tx.QueryRowxContext(ctx, `SELECT pg_try_advisory_xact_lock($1)`, entityLock).Scan(&got); err != nil || !got {
				return err
			}
			_, err := tx.ExecContext(ctx, `
				DELETE FROM entities e
				 WHERE id = ANY($1) AND NOT EXISTS (SELECT 1 FROM tip_entities te WHERE te.entity_id = e.id)`,
				pq.Array(ids))
			return err
		})
		if err != nil || got {
			return got, err
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false, nil
}
