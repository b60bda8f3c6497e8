package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// insertAttachments stores cleaned files of a tip (dialogueID nil) or of a
// reporter's message in the dialogue.
func (s *Store) insertAttachments(ctx context.Context, tx sqlx.ExtContext, tipID int64, dialogueID *int64, atts []NewAttachment) error {
	for _, a := range atts {
		removed := a.Removed
		if removed == nil {
			removed = []string{}
		}
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO attachments (tip_id, dialogue_id, kind, file_name, mime, size_bytes, sha256_original,
			                         clean_status, removed, data, original, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			tipID, dialogueID, a.Kind, a.FileName, a.MIME, a.Size, a.SHA256[:], a.CleanStatus,
			pq.Array(removed), data, a.Original, s.now())
		if err != nil {
			return fmt.Errorf("queue: unable to store attachment of tip %d: %w", tipID, err)
		}
	}
	return nil
}

const attachmentSelect = `
SELECT id, tip_id, dialogue_id, kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, created_at
  FROM attachments`

func scanAttachment(r rowScanner) (Attachment, error) {
	var a Attachment
	err := r.Scan(&a.ID, &a.TipID, &a.DialogueID, &a.Kind, &a.FileName, &a.MIME, &a.Size, &a.SHA256,
		&a.CleanStatus, pq.Array(&a.Removed), &a.CreatedAt)
	return a, err
}

// Attachments lists a tip's files (with those sent in the dialogue), oldest first.
func (s *Store) Attachments(ctx context.Context, id int64) ([]Attachment, error) {
	return s.attachments(ctx, s.db, `WHERE tip_id = $1 ORDER BY created_at, id`, id)
}

func (s *Store) attachments(ctx context.Context, q sqlx.QueryerContext, where string, args ...any) ([]Attachment, error) {
	rows, err := q.QueryxContext(ctx, attachmentSelect+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to fetch attachments: %w", err)
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("queue: unable to fetch attachments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData returns one file of a tip with its cleaned bytes.
func (s *Store) AttachmentData(ctx context.Context, tipID, attID int64) (Attachment, []byte, error) {
	var data []byte
	a, err := scanAttachment(scanTail{s.db.QueryRowxContext(ctx, `
		SELECT id, tip_id, dialogue_id, kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, created_at, data
		  FROM attachments WHERE tip_id = $1 AND id = $2`, tipID, attID), &data})
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, nil, fmt.Errorf("queue: attachment %d of tip %d: %w", attID, tipID, ErrNotFound)
	}
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("queue: unable to fetch attachment %d: %w", attID, err)
	}
	return a, data, nil
}

// scanTail scans one extra column after those scanAttachment reads.
type scanTail struct {
	r    rowScanner
	tail any
}

func (t scanTail) Scan(dest ...any) error { return t.r.Scan(append(dest, t.tail)...) }
