package queue

import (
	"context"
	"fmt"
	"time"
)

// purgeSQL deletes one batch of closed tips past their retention, counting
// what cascades with them (the counts see the rows before the delete).
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
// removed too.
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
	if total.Tips > 0 {
		if _, err := s.db.ExecContext(ctx, `
			DELETE FROM entities e WHERE NOT EXISTS (SELECT 1 FROM tip_entities te WHERE te.entity_id = e.id)`); err != nil {
			return total, fmt.Errorf("queue: unable to purge entities: %w", err)
		}
	}
	return total, nil
}
