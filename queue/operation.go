package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lib/pq"
)

// Operation is one entry of the office's managed list of operations
// (专项行动): outcomes are tagged with it, and other pages label tips with the
// same list.
type Operation struct {
	ID        int64     `db:"id"`
	NameZh    string    `db:"name_zh"`
	NameEn    string    `db:"name_en"`
	Archived  bool      `db:"archived"`
	CreatedAt time.Time `db:"created_at"`
}

// Name is the operation's name in a locale ("en" or Chinese for anything else).
func (o Operation) Name(locale string) string {
	if locale == "en" {
		return o.NameEn
	}
	return o.NameZh
}

// Operations lists the operations, newest first; archived ones only when asked.
func (s *Store) Operations(ctx context.Context, withArchived bool) ([]Operation, error) {
	out := []Operation{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT id, name_zh, name_en, archived_at IS NOT NULL AS archived, created_at
		  FROM operations WHERE $1 OR archived_at IS NULL ORDER BY archived_at IS NOT NULL, id DESC`, withArchived)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to list operations: %w", err)
	}
	return out, nil
}

func checkOperationNames(zh, en string) (string, string, error) {
	zh, en = strings.TrimSpace(zh), strings.TrimSpace(en)
	for field, v := range map[string]string{"name_zh": zh, "name_en": en} {
		if n := utf8.RuneCountInString(v); n == 0 || n > 100 {
			return "", "", invalid(field, "1 to 100 characters")
		}
	}
	return zh, en, nil
}

// uniqueName turns the table's refusal of a second operation of one name
// into the form's error.
func uniqueName(err error) error {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return invalid("name_zh", "another operation has this name")
	}
	return err
}

// CreateOperation adds an operation to the list.
func (s *Store) CreateOperation(ctx context.Context, zh, en string) (Operation, error) {
	zh, en, err := checkOperationNames(zh, en)
	if err != nil {
		return Operation{}, err
	}
	var o Operation
	err = s.db.GetContext(ctx, &o, `
		INSERT INTO operations (name_zh, name_en, created_at) VALUES ($1, $2, $3)
		RETURNING id, name_zh, name_en, false AS archived, created_at`, zh, en, s.now())
	if err != nil {
		return Operation{}, fmt.Errorf("queue: unable to create operation: %w", uniqueName(err))
	}
	return o, nil
}

// RenameOperation changes an operation's names; its tags follow.
func (s *Store) RenameOperation(ctx context.Context, id int64, zh, en string) error {
	zh, en, err := checkOperationNames(zh, en)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE operations SET name_zh = $2, name_en = $3 WHERE id = $1`, id, zh, en)
	return operationChanged(id, res, uniqueName(err))
}

// ArchiveOperation takes an operation off the list offered for new tags (or
// back onto it); tags already made stay.
func (s *Store) ArchiveOperation(ctx context.Context, id int64, archived bool) error {
	res, err := s.db.ExecContext(ctx, `
		UPDATE operations SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, $3) END WHERE id = $1`,
		id, archived, s.now())
	return operationChanged(id, res, err)
}

func operationChanged(id int64, res sql.Result, err error) error {
	return listEntryChanged("operation", id, res, err)
}

// listEntryChanged reads the result of changing one entry of a managed list
// (operations, canned questions): not there is ErrNotFound.
func listEntryChanged(what string, id int64, res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("queue: unable to change %s %d: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("queue: %s %d: %w", what, id, ErrNotFound)
	}
	return nil
}
