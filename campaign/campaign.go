package campaign

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
)

// Campaign is one piece of outreach with its own code.
type Campaign struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Kind     string `db:"kind"`      // a configured campaigns.kinds code
	AreaCode string `db:"area_code"` // the town, a configured areas code
	// StartsOn and EndsOn are dates in the office's time zone; either may be
	// unset.
	StartsOn *time.Time `db:"starts_on"`
	EndsOn   *time.Time `db:"ends_on"`
	Notes    string     `db:"notes"`
	// Telegram puts the bot's t.me link on the poster beside the web link.
	Telegram   bool       `db:"telegram"`
	ArchivedAt *time.Time `db:"archived_at"`
	CreatedAt  time.Time  `db:"created_at"`
}

// Archived says whether the campaign's code has stopped attributing reports.
func (c Campaign) Archived() bool { return c.ArchivedAt != nil }

// Bounds of the campaigns table (028_campaigns.sql).
const (
	maxName  = 100
	maxNotes = 2000
)

// DateLayout is how campaign dates are written in forms and on the command line.
const DateLayout = "2006-01-02"

// ErrNotFound is returned for a campaign that does not exist.
var ErrNotFound = errors.New("campaign: not found")

// InvalidError names the field a campaign was refused for.
type InvalidError struct {
	Field  string // name | kind | area | dates | notes
	Reason string
}

func (e *InvalidError) Error() string { return "campaign: invalid " + e.Field + ": " + e.Reason }

// Store keeps campaigns.
type Store struct {
	db     *sqlx.DB
	cfg    *config.Config
	signer *Signer
}

// NewStore returns a store over db whose codes are signed with a key derived
// from cfg's keys.receipt.
func NewStore(db *sqlx.DB, cfg *config.Config) *Store {
	return &Store{db: db, cfg: cfg, signer: SignerFor(cfg)}
}

// Signer is the store's code signer.
func (s *Store) Signer() *Signer { return s.signer }

// Code is the campaign's code.
func (s *Store) Code(c Campaign) string { return s.signer.Code(c.ID) }

const columns = `id, name, kind, area_code, starts_on, ends_on, notes, telegram, archived_at, created_at`

// Create stores a new campaign made by the officer with id by (0: the
// command line).
func (s *Store) Create(ctx context.Context, c Campaign, by int64) (Campaign, error) {
	if err := s.check(&c); err != nil {
		return Campaign{}, err
	}
	var out Campaign
	err := s.db.QueryRowxContext(ctx, `
		INSERT INTO campaigns (name, kind, area_code, starts_on, ends_on, notes, telegram, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, 0))
		RETURNING `+columns,
		c.Name, c.Kind, c.AreaCode, c.StartsOn, c.EndsOn, c.Notes, c.Telegram, by).StructScan(&out)
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign: unable to create: %w", err)
	}
	return out, nil
}

// Update changes a campaign's fields (not its archived state).
func (s *Store) Update(ctx context.Context, c Campaign) error {
	if err := s.check(&c); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `
		UPDATE campaigns SET name = $2, kind = $3, area_code = $4, starts_on = $5, ends_on = $6,
		       notes = $7, telegram = $8, updated_at = now()
		 WHERE id = $1`,
		c.ID, c.Name, c.Kind, c.AreaCode, c.StartsOn, c.EndsOn, c.Notes, c.Telegram)
	if err != nil {
		return fmt.Errorf("campaign: unable to update %d: %w", c.ID, err)
	}
	return affected(res, c.ID)
}

// SetArchived archives a campaign, so its code stops attributing reports, or
// brings it back.
func (s *Store) SetArchived(ctx context.Context, id int64, archived bool) error {
	res, err := s.db.ExecContext(ctx, `
		UPDATE campaigns SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END, updated_at = now()
		 WHERE id = $1`, id, archived)
	if err != nil {
		return fmt.Errorf("campaign: unable to archive %d: %w", id, err)
	}
	return affected(res, id)
}

func affected(res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("campaign: unable to change %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Get returns one campaign.
func (s *Store) Get(ctx context.Context, id int64) (Campaign, error) {
	var c Campaign
	err := s.db.GetContext(ctx, &c, `SELECT `+columns+` FROM campaigns WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, ErrNotFound
	}
	if err != nil {
		return Campaign{}, fmt.Errorf("campaign: unable to get %d: %w", id, err)
	}
	return c, nil
}

// List returns every campaign, the running ones first, newest first.
func (s *Store) List(ctx context.Context) ([]Campaign, error) {
	var out []Campaign
	err := s.db.SelectContext(ctx, &out, `
		SELECT `+columns+` FROM campaigns ORDER BY archived_at IS NOT NULL, created_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("campaign: unable to list: %w", err)
	}
	return out, nil
}

// Resolve returns the campaign a code attributes a report to (see
// Signer.Resolve).
func (s *Store) Resolve(ctx context.Context, q sqlx.QueryerContext, code string) (int64, bool, error) {
	return s.signer.Resolve(ctx, q, code)
}

// check trims and validates a campaign against the configuration and the
// table's bounds.
func (s *Store) check(c *Campaign) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Notes = strings.TrimSpace(c.Notes)
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		return &InvalidError{"name", "empty"}
	case n > maxName || !utf8.ValidString(c.Name):
		return &InvalidError{"name", fmt.Sprintf("at most %d characters", maxName)}
	}
	if _, ok := s.cfg.Campaigns.Kind(c.Kind); !ok {
		return &InvalidError{"kind", fmt.Sprintf("unknown kind %q", c.Kind)}
	}
	if _, ok := s.cfg.Area(c.AreaCode); !ok {
		return &InvalidError{"area", fmt.Sprintf("unknown area %q", c.AreaCode)}
	}
	if c.StartsOn != nil && c.EndsOn != nil && c.EndsOn.Before(*c.StartsOn) {
		return &InvalidError{"dates", "ends before it starts"}
	}
	if utf8.RuneCountInString(c.Notes) > maxNotes || !utf8.ValidString(c.Notes) {
		return &InvalidError{"notes", fmt.Sprintf("at most %d characters", maxNotes)}
	}
	return nil
}

// ParseDate reads a form's or flag's date; "" is no date.
func ParseDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return nil, &InvalidError{"dates", fmt.Sprintf("%q is not a date like 2026-06-26", s)}
	}
	return &d, nil
}
