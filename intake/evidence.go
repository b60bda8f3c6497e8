package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/media"
	"github.com/tipline/tipline/queue"
)

// Problem is why a file was not kept; each has a text in the catalogue
// (ProblemText).
type Problem string

// The problems.
const (
	ProblemNone        Problem = ""
	ProblemTooLarge    Problem = "too_large"   // over the per-file limit
	ProblemCount       Problem = "count"       // the report has the most files it may
	ProblemBytes       Problem = "bytes"       // the report's files reached the total limit
	ProblemBroken      Problem = "broken"      // damaged or incomplete
	ProblemMismatch    Problem = "mismatch"    // content is not the type it claims
	ProblemEmpty       Problem = "empty"       // no bytes
	ProblemUncleanable Problem = "uncleanable" // cannot be cleaned: kept only if the reporter says so
	ProblemFailed      Problem = "failed"      // the channel could not fetch it; send again
)

// Upload is a file as a reporter sent it.
type Upload struct {
	Data []byte
	// Name and MIME are what the reporter's client declared: only used to
	// spot lies, never stored (a name may name the reporter).
	Name, MIME string
	// KeepUncleanable: the reporter was told this file cannot be cleaned
	// and chose to keep it (answers and added information; a draft's file
	// is held instead, see KeepFile).
	KeepUncleanable bool
}

// File is a file kept with a draft.
type File struct {
	ID          int64  `db:"id"`
	Kind        string `db:"kind"` // image | video | audio | document
	Name        string `db:"file_name"`
	MIME        string `db:"mime"`
	Size        int64  `db:"size_bytes"`
	CleanStatus string `db:"clean_status"`
	// Pending: an uncleanable file held until the reporter keeps it
	// anyway (KeepAnyway) or sends a screenshot instead (RemoveFile).
	Pending   bool      `db:"pending"`
	CreatedAt time.Time `db:"created_at"`
	// Remains is what may still identify the reporter in an uncleanable
	// file (media.Trace values), as KeepFile found it; not stored.
	Remains []string `db:"-"`
}

// FileLimits bound a report's evidence.
type FileLimits struct {
	File  int64 // bytes of one file
	Count int   // files of one tip; 0 for no limit
	Bytes int64 // bytes of one tip's files; 0 for no limit
}

// telegramFileLimit is what the Bot API lets a bot download.
const telegramFileLimit = 20 << 20

// FileLimits are the limits of ch, from bot.max_file_bytes,
// bot.max_files_per_tip and bot.max_tip_bytes. A Telegram file is at most
// what the Bot API lets a bot download.
func (c *Core) FileLimits(ch Channel) FileLimits {
	l := FileLimits{File: c.cfg.Bot.MaxFileBytes, Count: c.cfg.Bot.MaxFilesPerTip, Bytes: c.cfg.Bot.MaxTipBytes}
	if l.File <= 0 || (ch == Telegram && l.File > telegramFileLimit) {
		l.File = telegramFileLimit
	}
	return l
}

// ProblemText is what a reporter in locale reads about a refused file.
func (c *Core) ProblemText(ch Channel, locale string, p Problem) string {
	l := c.FileLimits(ch)
	mb := func(n int64) int64 { return (n + (1<<20 - 1)) >> 20 }
	switch p {
	case ProblemTooLarge:
		return Text(locale, "report.evidence.too_large", mb(l.File))
	case ProblemCount:
		return Text(locale, "report.evidence.count", l.Count)
	case ProblemBytes:
		return Text(locale, "report.evidence.bytes", mb(l.Bytes))
	case ProblemUncleanable:
		return UncleanableText(locale, nil)
	case ProblemNone:
		return ""
	}
	return Text(locale, "report.evidence."+string(p))
}

// CheckFile is what can be refused before a file is fetched, from its
// declared size (0 when unknown): too many files, too large, too many bytes.
func (c *Core) CheckFile(ctx context.Context, tx sqlx.ExtContext, key Key, ch Channel, declaredSize int64) (Problem, error) {
	n, total, err := c.FileTotals(ctx, tx, key)
	if err != nil {
		return ProblemNone, err
	}
	return c.checkTotals(ch, n, total, declaredSize), nil
}

func (c *Core) checkTotals(ch Channel, n int, total, size int64) Problem {
	l := c.FileLimits(ch)
	switch {
	case l.Count > 0 && n >= l.Count:
		return ProblemCount
	case size > l.File:
		return ProblemTooLarge
	case l.Bytes > 0 && total+size > l.Bytes:
		return ProblemBytes
	}
	return ProblemNone
}

// clean runs media.Clean and maps its refusals to problems.
func clean(up Upload, limit int64) (media.Result, Problem) {
	res, err := media.Clean(up.Data, up.Name, up.MIME, limit)
	switch {
	case err == nil:
		return res, ProblemNone
	case errors.Is(err, media.ErrTooLarge):
		return res, ProblemTooLarge
	case errors.Is(err, media.ErrMismatch):
		return res, ProblemMismatch
	case errors.Is(err, media.ErrEmpty):
		return res, ProblemEmpty
	}
	return res, ProblemBroken
}

// KeepFile cleans a file and keeps it with the draft under key, within the
// limits of ch. The draft must have been saved first. The stored name is
// neutral ("evidence-3.jpg"): the reporter's own may name them. A refused
// file is a Problem, with nothing stored; err is for failures worth a retry.
//
// A file that cannot be cleaned is held, not kept: the problem is
// ProblemUncleanable and the file is Pending, with Remains saying what may
// be left in it. The channel asks the reporter "keep anyway, or send a
// screenshot instead?" (UncleanableText) and calls KeepAnyway or
// RemoveFile; a held file is neither counted nor submitted.
func (c *Core) KeepFile(ctx context.Context, tx sqlx.ExtContext, key Key, ch Channel, up Upload) (File, Problem, error) {
	n, total, err := c.FileTotals(ctx, tx, key)
	if err != nil {
		return File{}, ProblemNone, err
	}
	if p := c.checkTotals(ch, n, total, int64(len(up.Data))); p != ProblemNone {
		return File{}, p, nil
	}
	res, p := clean(up, c.FileLimits(ch).File)
	if p != ProblemNone {
		return File{}, p, nil
	}
	if p := c.checkTotals(ch, n, total, int64(len(res.Data))); p != ProblemNone {
		return File{}, p, nil
	}
	var original []byte
	if c.cfg.Bot.KeepOriginals {
		original = up.Data
	}
	removed := res.Removed
	if removed == nil {
		removed = []string{}
	}
	f := File{Kind: res.Kind, Name: evidenceName(n+1, res.Ext), MIME: res.MIME,
		Size: int64(len(res.Data)), CleanStatus: string(res.Status), Pending: res.Uncleanable(), CreatedAt: c.now()}
	const q = `
		INSERT INTO intake_draft_files (draft_key, kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original, pending, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		RETURNING id`
	err = tx.QueryRowxContext(ctx, q, key[:], f.Kind, f.Name, f.MIME, f.Size,
		res.SHA256[:], f.CleanStatus, pq.Array(removed), res.Data, original, f.Pending, f.CreatedAt).Scan(&f.ID)
	if err != nil {
		return File{}, ProblemNone, errorf("unable to keep evidence: %w", err)
	}
	if f.Pending {
		for _, r := range res.Remains {
			f.Remains = append(f.Remains, string(r))
		}
		return f, ProblemUncleanable, nil
	}
	return f, ProblemNone, nil
}

func evidenceName(n int, ext string) string { return fmt.Sprintf("evidence-%d%s", n, ext) }

// KeepAnyway keeps a held uncleanable file of the draft under key, as the
// reporter chose, if the draft's limits still allow it. Officers see the
// file's clean status, so the warning stays with it. ErrNoFile: there is no
// such held file (already kept, removed, or submitted without it).
func (c *Core) KeepAnyway(ctx context.Context, tx sqlx.ExtContext, key Key, ch Channel, id int64) (Problem, error) {
	var held struct {
		Size int64  `db:"size_bytes"`
		Name string `db:"file_name"`
	}
	const q = `SELECT size_bytes, file_name FROM intake_draft_files WHERE draft_key = $1 AND id = $2 AND pending`
	err := sqlx.GetContext(ctx, tx, &held, q, key[:], id)
	if errors.Is(err, sql.ErrNoRows) {
		return ProblemNone, ErrNoFile
	}
	if err != nil {
		return ProblemNone, errorf("unable to read held evidence: %w", err)
	}
	n, total, err := c.FileTotals(ctx, tx, key)
	if err != nil {
		return ProblemNone, err
	}
	if p := c.checkTotals(ch, n, total, held.Size); p != ProblemNone {
		return p, c.RemoveFile(ctx, tx, key, id)
	}
	const keep = `UPDATE intake_draft_files SET pending = false, file_name = $3 WHERE draft_key = $1 AND id = $2`
	if _, err := tx.ExecContext(ctx, keep, key[:], id, evidenceName(n+1, path.Ext(held.Name))); err != nil {
		return ProblemNone, errorf("unable to keep held evidence: %w", err)
	}
	return ProblemNone, nil
}

// FileTotals counts the kept files of the draft under key and their bytes.
func (c *Core) FileTotals(ctx context.Context, tx sqlx.ExtContext, key Key) (n int, bytes int64, err error) {
	const q = `SELECT count(*), coalesce(sum(size_bytes), 0) FROM intake_draft_files WHERE draft_key = $1 AND NOT pending`
	if err := tx.QueryRowxContext(ctx, q, key[:]).Scan(&n, &bytes); err != nil {
		return 0, 0, errorf("unable to count evidence: %w", err)
	}
	return n, bytes, nil
}

// Files lists the files of the draft under key, oldest first.
func (c *Core) Files(ctx context.Context, tx sqlx.ExtContext, key Key) ([]File, error) {
	const q = `
		SELECT id, kind, file_name, mime, size_bytes, clean_status, pending, created_at
		FROM intake_draft_files WHERE draft_key = $1 ORDER BY id`
	out := []File{}
	if err := sqlx.SelectContext(ctx, tx, &out, q, key[:]); err != nil {
		return nil, errorf("unable to list evidence: %w", err)
	}
	return out, nil
}

// RemoveFile erases one file of the draft under key; a file of another
// draft is not touched.
func (c *Core) RemoveFile(ctx context.Context, tx sqlx.ExtContext, key Key, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM intake_draft_files WHERE draft_key = $1 AND id = $2`, key[:], id); err != nil {
		return errorf("unable to remove evidence: %w", err)
	}
	return nil
}

// draftFiles takes the draft's files into the tip the queue writes: its
// kept files become the tip's attachments inside the database, and held ones
// (never kept) are erased with them. See queue.FileSource.
func draftFiles(key Key) *queue.FileSource {
	return &queue.FileSource{
		Query: `DELETE FROM intake_draft_files WHERE draft_key = $3
			RETURNING kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original,
			          NOT pending AS attach, id AS ord`,
		Args: []any{key[:]},
	}
}
