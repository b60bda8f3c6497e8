package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Label is a label on a tip: an operation of the office's managed list, or a
// free word. Name is the operation's name in both languages or the word.
type Label struct {
	OperationID *int64 `db:"operation_id"`
	NameZh      string `db:"name_zh"`
	NameEn      string `db:"name_en"`
}

// Name is the label in a locale; a free word reads the same in both.
func (l Label) Name(locale string) string {
	if locale == "en" {
		return l.NameEn
	}
	return l.NameZh
}

// Key names the label in a form: "op:<id>" or the free word.
func (l Label) Key() string {
	if l.OperationID != nil {
		return fmt.Sprintf("op:%d", *l.OperationID)
	}
	return l.NameZh
}

const maxLabel = 40

// Labels are a tip's labels, operations first.
func (s *Store) Labels(ctx context.Context, tipID int64) ([]Label, error) {
	out := []Label{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT l.operation_id, coalesce(o.name_zh, l.free_text) AS name_zh, coalesce(o.name_en, l.free_text) AS name_en
		  FROM tip_labels l LEFT JOIN operations o ON o.id = l.operation_id
		 WHERE l.tip_id = $1 ORDER BY l.operation_id IS NULL, l.added_at`, tipID)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read the labels of tip %d: %w", tipID, err)
	}
	return out, nil
}

// AddLabel puts a label on a tip: an operation when text names one that is
// not archived (in either language), else a free word. A label the tip has
// already is no change.
func (s *Store) AddLabel(ctx context.Context, by Actor, tipID int64, text string) error {
	text = strings.Join(strings.Fields(text), " ")
	if n := utf8.RuneCountInString(text); n == 0 || n > maxLabel {
		return invalid("label", "1 to %d characters", maxLabel)
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := lockTip(ctx, tx, &by, tipID, 0, actInfo); err != nil {
			return err
		}
		var op *int64
		err := tx.GetContext(ctx, &op, `SELECT id FROM operations WHERE archived_at IS NULL AND (name_zh = $1 OR lower(name_en) = lower($1)) LIMIT 1`, text)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("queue: unable to look up operation %q: %w", text, err)
		}
		free := &text
		if op != nil {
			free = nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tip_labels (tip_id, operation_id, free_text, added_by, added_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, tipID, op, free, by.ID, s.now())
		if err != nil {
			return fmt.Errorf("queue: unable to label tip %d: %w", tipID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // the tip has it already
		}
		return s.event(ctx, tx, &by, tipID, "labelled", "", "", map[string]any{"label": text})
	})
}

// RemoveLabel takes a label (by its Key) off a tip.
func (s *Store) RemoveLabel(ctx context.Context, by Actor, tipID int64, key string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := lockTip(ctx, tx, &by, tipID, 0, actInfo); err != nil {
			return err
		}
		var op int64
		q, arg := `DELETE FROM tip_labels WHERE tip_id = $1 AND lower(free_text) = lower($2)`, any(key)
		if _, err := fmt.Sscanf(key, "op:%d", &op); err == nil {
			q, arg = `DELETE FROM tip_labels WHERE tip_id = $1 AND operation_id = $2`, op
		}
		res, err := tx.ExecContext(ctx, q, tipID, arg)
		if err != nil {
			return fmt.Errorf("queue: unable to remove a label of tip %d: %w", tipID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("queue: tip %d has no label %q: %w", tipID, key, ErrNotFound)
		}
		return s.event(ctx, tx, &by, tipID, "unlabelled", "", "", map[string]any{"label": key})
	})
}

// LabelsOf are the labels of many tips at once (a page of an export), by tip.
func (s *Store) LabelsOf(ctx context.Context, tipIDs []int64) (map[int64][]Label, error) {
	var rows []struct {
		TipID int64 `db:"tip_id"`
		Label
	}
	err := s.db.SelectContext(ctx, &rows, `
		SELECT l.tip_id, l.operation_id, coalesce(o.name_zh, l.free_text) AS name_zh, coalesce(o.name_en, l.free_text) AS name_en
		  FROM tip_labels l LEFT JOIN operations o ON o.id = l.operation_id
		 WHERE l.tip_id = ANY($1) ORDER BY l.tip_id, l.operation_id IS NULL, l.added_at`, pq.Array(tipIDs))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read labels: %w", err)
	}
	out := make(map[int64][]Label, len(rows))
	for _, r := range rows {
		out[r.TipID] = append(out[r.TipID], r.Label)
	}
	return out, nil
}

// labelCounts counts the reports that arrived in [from, to) per label, for
// the dashboard; an operation counts under its Chinese name.
func (s *Store) labelCounts(ctx context.Context, from, to time.Time) ([]Count, error) {
	out := []Count{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT coalesce(o.name_zh, l.free_text) AS key, count(*) AS n
		  FROM tip_labels l JOIN tips t ON t.id = l.tip_id LEFT JOIN operations o ON o.id = l.operation_id
		 WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2
		 GROUP BY 1 ORDER BY 2 DESC, 1`, from, to)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count labels: %w", err)
	}
	return out, nil
}
