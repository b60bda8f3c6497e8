package intake

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"
)

// Key is 32 bytes a channel derives to key a draft or a client's counters:
// the Telegram reporter ref (anon.Ref converts), or on the web the SHA-256 of
// the random draft token and the HMAC of the client address under a daily
// key. The core never learns what a key was derived from.
type Key [32]byte

// Draft is a report in progress and the channel's own state beside it.
type Draft struct {
	Key     Key
	Channel Channel
	// Report is nil when no report is in progress (the bot may keep a
	// draft only for its mode, waiting for a receipt).
	Report *Report
	// Extra is the channel's opaque state: the bot's mode, wizard step and
	// message ids; the web's submitted tip, sealed receipt and its expiry.
	Extra     json.RawMessage
	UpdatedAt time.Time
	ExpiresAt time.Time
}

// LockDraftSQL reads and locks the draft under the parameter key (as
// "$n"), for channels that fold it into the one statement that opens an
// update: its columns are report, extra and expires_at; TakeDraft reads them.
func LockDraftSQL(key string) string {
	return `SELECT report, extra, expires_at FROM intake_drafts WHERE draft_key = ` + key + ` FOR UPDATE`
}

// TakeDraft makes a draft of the columns LockDraftSQL read (nil report and
// expiry when there was no row). An expired draft is erased here, so a
// reporter coming back after the silence finds it gone even if the purge
// job has not run: the error is then ErrNoDraft, and expired says whether a
// report was lost with it.
func (c *Core) TakeDraft(ctx context.Context, tx sqlx.ExtContext, key Key, ch Channel, report, extra []byte, expires *time.Time) (d *Draft, expired bool, err error) {
	if expires == nil {
		return nil, false, ErrNoDraft
	}
	if !expires.After(c.now()) {
		if err := c.DropDraft(ctx, tx, key); err != nil {
			return nil, false, err
		}
		return nil, len(report) > 0 && string(report) != "null", ErrNoDraft
	}
	d = &Draft{Key: key, Channel: ch, Extra: json.RawMessage(extra), ExpiresAt: *expires}
	if len(report) > 0 && string(report) != "null" {
		d.Report = &Report{}
		if err := json.Unmarshal(report, d.Report); err != nil {
			return nil, false, errorf("unable to read draft: %w", err)
		}
	}
	return d, false, nil
}

// LoadDraft reads and locks the draft under key. A missing or expired draft
// is ErrNoDraft; expired says a report was lost to the silence.
func (c *Core) LoadDraft(ctx context.Context, tx sqlx.ExtContext, key Key) (d *Draft, expired bool, err error) {
	var row struct {
		Channel string    `db:"channel"`
		Report  []byte    `db:"report"`
		Extra   []byte    `db:"extra"`
		Updated time.Time `db:"updated_at"`
		Expires time.Time `db:"expires_at"`
	}
	const q = `SELECT channel, report, extra, updated_at, expires_at FROM intake_drafts WHERE draft_key = $1 FOR UPDATE`
	err = sqlx.GetContext(ctx, tx, &row, q, key[:])
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, ErrNoDraft
	}
	if err != nil {
		return nil, false, errorf("unable to load draft: %w", err)
	}
	d, expired, err = c.TakeDraft(ctx, tx, key, Channel(row.Channel), row.Report, row.Extra, &row.Expires)
	if d != nil {
		d.UpdatedAt = row.Updated
	}
	return d, expired, err
}

// SaveDraft writes the draft with a fresh expiry: d.ExpiresAt when the
// channel set one in the future, else now + bot.draft_ttl.
func (c *Core) SaveDraft(ctx context.Context, tx sqlx.ExtContext, d *Draft) error {
	if !d.Channel.Valid() {
		return errorf("unable to save draft: channel %q", d.Channel)
	}
	now := c.now()
	var report []byte
	if d.Report != nil {
		var err error
		if report, err = json.Marshal(d.Report); err != nil {
			return errorf("unable to encode draft: %w", err)
		}
	}
	extra := []byte(d.Extra)
	if len(extra) == 0 {
		extra = []byte("{}")
	}
	if !d.ExpiresAt.After(now) {
		d.ExpiresAt = now.Add(c.draftTTL())
	}
	d.UpdatedAt = now
	const q = `
		INSERT INTO intake_drafts (draft_key, channel, report, extra, updated_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (draft_key) DO UPDATE
		SET report = EXCLUDED.report, extra = EXCLUDED.extra, updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at`
	if _, err := tx.ExecContext(ctx, q, d.Key[:], string(d.Channel), nullJSON(report), string(extra), now, d.ExpiresAt); err != nil {
		return errorf("unable to save draft: %w", err)
	}
	return nil
}

func nullJSON(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

func (c *Core) draftTTL() time.Duration {
	if ttl := c.cfg.Bot.DraftTTL.D(); ttl > 0 {
		return ttl
	}
	return 24 * time.Hour
}

// DropDraft erases the draft under key with its files.
func (c *Core) DropDraft(ctx context.Context, tx sqlx.ExtContext, key Key) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM intake_drafts WHERE draft_key = $1`, key[:]); err != nil {
		return errorf("unable to delete draft: %w", err)
	}
	return nil
}

// DropFiles erases the files of the draft under key, keeping the draft.
func (c *Core) DropFiles(ctx context.Context, tx sqlx.ExtContext, key Key) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM intake_draft_files WHERE draft_key = $1`, key[:]); err != nil {
		return errorf("unable to drop evidence: %w", err)
	}
	return nil
}

// PurgeExpired erases drafts (with their files) silent for longer than their
// expiry, and limit counters whose window is long past. For the scheduled
// jobs; it returns how many drafts were erased.
func PurgeExpired(ctx context.Context, db sqlx.ExecerContext, now time.Time) (int64, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM intake_drafts WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, errorf("unable to purge drafts: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, errorf("unable to purge drafts: %w", err)
	}
	// The longest window is a day; older counters count nothing any more.
	if _, err := db.ExecContext(ctx, `DELETE FROM intake_limits WHERE window_start < $1`, now.Add(-48*time.Hour)); err != nil {
		return n, errorf("unable to purge limits: %w", err)
	}
	return n, nil
}
