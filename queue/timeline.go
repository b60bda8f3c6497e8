package queue

import (
	"context"
	"encoding/json"
	"fmt"
)

// Timeline returns what happened to a tip: its events, notes and dialogue,
// each oldest first.
func (s *Store) Timeline(ctx context.Context, id int64) ([]Event, []Note, []Dialogue, error) {
	rows, err := s.db.QueryxContext(ctx, `
		SELECT e.id, e.tip_id, e.officer_id, coalesce(nullif(o.display_name, ''), o.username, ''), e.action,
		       coalesce(e.from_state, ''), coalesce(e.to_state, ''), e.detail, e.created_at
		  FROM tip_events e LEFT JOIN officers o ON o.id = e.officer_id
		 WHERE e.tip_id = $1 ORDER BY e.created_at, e.id`, id)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("queue: unable to fetch timeline of tip %d: %w", id, err)
	}
	events := []Event{}
	for rows.Next() {
		var e Event
		var detail []byte
		if err := rows.Scan(&e.ID, &e.TipID, &e.OfficerID, &e.OfficerName, &e.Action, &e.FromState, &e.ToState, &detail, &e.CreatedAt); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("queue: unable to fetch timeline of tip %d: %w", id, err)
		}
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("queue: unable to read event %d: %w", e.ID, err)
		}
		events = append(events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}

	rows, err = s.db.QueryxContext(ctx, `
		SELECT n.id, n.tip_id, n.officer_id, coalesce(nullif(o.display_name, ''), o.username), n.body, n.created_at
		  FROM notes n JOIN officers o ON o.id = n.officer_id
		 WHERE n.tip_id = $1 ORDER BY n.created_at, n.id`, id)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("queue: unable to fetch notes of tip %d: %w", id, err)
	}
	notes := []Note{}
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.TipID, &n.OfficerID, &n.OfficerName, &n.Body, &n.CreatedAt); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("queue: unable to fetch notes of tip %d: %w", id, err)
		}
		notes = append(notes, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}

	dialogue, err := s.dialogues(ctx, s.db, `WHERE d.tip_id = $1 ORDER BY d.created_at, d.id`, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return events, notes, dialogue, nil
}
