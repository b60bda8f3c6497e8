package queue

import (
	"context"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// maxEntityValue is the schema's bound on entities.value.
const maxEntityValue = 300

var lockEntitiesShared = fmt.Sprintf(`SELECT pg_advisory_xact_lock_shared(%d)`, entityLock)

// upsertEntities makes sure each entity has a row and returns the ids with the
// raw text each was found as. Rows are inserted in (kind, value) order so that
// two tips naming the same entities never deadlock.
func upsertEntities(ctx context.Context, tx sqlx.ExtContext, ents []Entity) (ids []int64, raws []string, err error) {
	ents = entitiesToStore(ents)
	if len(ents) == 0 {
		return []int64{}, []string{}, nil
	}
	// Shared with every other intake, exclusive only for Purge's removal of
	// entities no tip names (see purge.go): an entity read here cannot be
	// deleted before the link to it is committed.
	// No parameters: a simple query is one round trip, not two, on every intake.
	if _, err := tx.ExecContext(ctx, lockEntitiesShared); err != nil {
		return nil, nil, fmt.Errorf("queue: unable to store entities: %w", err)
	}
	kinds := make([]string, len(ents))
	values := make([]string, len(ents))
	rawOf := make(map[[2]string]string, len(ents))
	for i, e := range ents {
		kinds[i], values[i] = string(e.Kind), e.Value
		rawOf[[2]string{kinds[i], values[i]}] = e.Raw
	}
	// The insert's RETURNING gives new rows, the join the rows that existed when
	// the statement began; a row another transaction inserted meanwhile is in
	// neither, so a second read picks it up.
	const q = `
		WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS i(kind, value)),
		ins AS (
		    INSERT INTO entities (kind, value) SELECT kind, value FROM input
		    ON CONFLICT (kind, value) DO NOTHING
		    RETURNING id, kind, value)
		SELECT id, kind, value FROM ins
		UNION ALL
		SELECT e.id, e.kind, e.value FROM entities e JOIN input i ON e.kind = i.kind AND e.value = i.value`
	read := func(q string) error {
		rows, err := tx.QueryxContext(ctx, q, pq.Array(kinds), pq.Array(values))
		if err != nil {
			return fmt.Errorf("queue: unable to store entities: %w", err)
		}
		defer rows.Close()
		ids, raws = ids[:0], raws[:0]
		for rows.Next() {
			var id int64
			var k, v string
			if err := rows.Scan(&id, &k, &v); err != nil {
				return fmt.Errorf("queue: unable to store entities: %w", err)
			}
			ids = append(ids, id)
			raws = append(raws, rawOf[[2]string{k, v}])
		}
		return rows.Err()
	}
	if err := read(q); err != nil {
		return nil, nil, err
	}
	if len(ids) < len(ents) {
		err = read(`SELECT e.id, e.kind, e.value FROM entities e
			JOIN unnest($1::text[], $2::text[]) AS i(kind, value) ON e.kind = i.kind AND e.value = i.value`)
	}
	return ids, raws, err
}

// entitiesToStore drops what the schema cannot hold and sorts.
func entitiesToStore(ents []Entity) []Entity {
	out := make([]Entity, 0, len(ents))
	for _, e := range ents {
		if n := utf8.RuneCountInString(e.Value); n >= 1 && n <= maxEntityValue {
			if utf8.RuneCountInString(e.Raw) > maxEntityValue {
				e.Raw = string([]rune(e.Raw)[:maxEntityValue])
			}
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// linkEntities extracts the entities of text and links them to a tip.
func linkEntities(ctx context.Context, tx sqlx.ExtContext, tipID int64, text string) error {
	ids, raws, err := upsertEntities(ctx, tx, ExtractEntities(text))
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO tip_entities (tip_id, entity_id, raw)
		SELECT $1, u.id, u.raw FROM unnest($2::bigint[], $3::text[]) AS u(id, raw)
		ON CONFLICT DO NOTHING`, tipID, pq.Array(ids), pq.Array(raws))
	if err != nil {
		return fmt.Errorf("queue: unable to link entities of tip %d: %w", tipID, err)
	}
	return nil
}

// Entities returns what was extracted from a tip's texts, in kind and value order.
func (s *Store) Entities(ctx context.Context, id int64) ([]Entity, error) {
	rows, err := s.db.QueryxContext(ctx, `
		SELECT e.kind, e.value, te.raw FROM tip_entities te JOIN entities e ON e.id = te.entity_id
		 WHERE te.tip_id = $1 ORDER BY e.kind, e.value`, id)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to fetch entities of tip %d: %w", id, err)
	}
	defer rows.Close()
	out := []Entity{}
	for rows.Next() {
		var e Entity
		if err := rows.Scan(&e.Kind, &e.Value, &e.Raw); err != nil {
			return nil, fmt.Errorf("queue: unable to fetch entities of tip %d: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Linked returns the other tips of the same kind that share an entity with
// tip id (corroboration), newest first, one row per tip and shared entity:
// for each entity the linkedPerEntity tips that arrived last (highest id).
// A phone number named in a thousand tips would otherwise read all of them
// and their rows on every view of the tip (433 ms at 1M tips for a tip with
// two such entities, 0.6 ms capped): the cap walks tip_entities_entity
// backwards and stops.
func (s *Store) Linked(ctx context.Context, id int64) ([]LinkedTip, error) {
	rows, err := s.db.QueryxContext(ctx, `
		SELECT o.id, e.kind, e.value, o.state, o.created_at
		  FROM tips me
		  JOIN tip_entities mine ON mine.tip_id = me.id
		  JOIN entities e ON e.id = mine.entity_id
		 CROSS JOIN LATERAL (
		       SELECT t.id, t.state, t.created_at
		         FROM tip_entities other JOIN tips t ON t.id = other.tip_id
		        WHERE other.entity_id = mine.entity_id AND other.tip_id <> me.id AND t.kind = me.kind
		        ORDER BY other.tip_id DESC LIMIT $2) o
		 WHERE me.id = $1
		 ORDER BY o.created_at DESC, o.id DESC, e.kind, e.value
		 LIMIT 500`, id, linkedPerEntity)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to fetch tips linked to %d: %w", id, err)
	}
	defer rows.Close()
	out := []LinkedTip{}
	for rows.Next() {
		var l LinkedTip
		if err := rows.Scan(&l.TipID, &l.Kind, &l.Value, &l.State, &l.CreatedAt); err != nil {
			return nil, fmt.Errorf("queue: unable to fetch tips linked to %d: %w", id, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// linkedPerEntity is how many tips Linked returns per shared entity: the
// page lists them to be opened one by one, and a search finds the rest.
const linkedPerEntity = 20
