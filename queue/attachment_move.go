package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// FileSource is where a submission's files already wait in the database, as
// the package that keeps them there writes it: a data-modifying statement
// (a DELETE … RETURNING) that takes the files from their table, so that they
// move into the tip's attachments in the same statement and their bytes never
// travel to Go and back. Each package keeps the SQL of its own table; this is
// the contract between them.
//
// Query's result has, in this order, the columns
//
//	kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original,
//	attach (boolean: false for rows taken but not attached), ord (their order)
//
// and its parameters start at $3: $1 is the tip and $2 the time of the tip.
// The attachments table's checks hold the rows to what a NewAttachment must
// be; the source has cleaned them before they were kept.
type FileSource struct {
	Query string
	Args  []any
}

// moveFiles attaches to tip id the files src yields, in their order.
func (s *Store) moveFiles(ctx context.Context, tx sqlx.ExtContext, id int64, src *FileSource) error {
	q := `
WITH src AS (` + src.Query + `)
INSERT INTO attachments (tip_id, kind, file_name, mime, size_bytes, sha256_original,
                         clean_status, removed, data, original, created_at)
SELECT $1, kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original, $2
  FROM src WHERE attach ORDER BY ord`
	args := append([]any{id, s.now()}, src.Args...)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("queue: unable to move the files of tip %d: %w", id, err)
	}
	return nil
}

// TakeFiles runs src and returns the files it yields to be attached, read
// into memory: for a Queue that stores tips elsewhere (a test's double), so
// that a submission's files are seen as Attachments would be.
func TakeFiles(ctx context.Context, tx sqlx.ExtContext, src *FileSource) ([]NewAttachment, error) {
	q := `
WITH src AS (` + src.Query + `)
SELECT kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original
  FROM src, (SELECT $1::bigint, $2::timestamptz) AS unused WHERE attach ORDER BY ord`
	rows, err := tx.QueryContext(ctx, q, append([]any{int64(0), time.Time{}}, src.Args...)...)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to take files: %w", err)
	}
	defer rows.Close()
	var out []NewAttachment
	for rows.Next() {
		var a NewAttachment
		var sum []byte
		if err := rows.Scan(&a.Kind, &a.FileName, &a.MIME, &a.Size, &sum, &a.CleanStatus, pq.Array(&a.Removed), &a.Data, &a.Original); err != nil {
			return nil, fmt.Errorf("queue: unable to take files: %w", err)
		}
		copy(a.SHA256[:], sum)
		out = append(out, a)
	}
	return out, rows.Err()
}
