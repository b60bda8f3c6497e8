package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lib/pq"
)

// TownListing is a town's listing for clean-up (挂牌整治).
type TownListing struct {
	ID         int64      `db:"id"`
	AreaCode   string     `db:"area_code"`
	ListedOn   time.Time  `db:"listed_on"`
	DelistedOn *time.Time `db:"delisted_on"`
	Note       string     `db:"note"`
}

// Current says whether the town is listed on day.
func (l TownListing) Current(day time.Time) bool {
	return !day.Before(l.ListedOn) && (l.DelistedOn == nil || day.Before(*l.DelistedOn))
}

// TownListings lists every listing, the current ones first, newest first.
func (s *Store) TownListings(ctx context.Context) ([]TownListing, error) {
	out := []TownListing{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT id, area_code, listed_on, delisted_on, note FROM town_listings
		 ORDER BY delisted_on IS NOT NULL, listed_on DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read town listings: %w", err)
	}
	return out, nil
}

// ListTown lists a configured town for clean-up from listedOn; a town
// already listed is refused.
func (s *Store) ListTown(ctx context.Context, by Actor, area string, listedOn time.Time, note string) (TownListing, error) {
	note = strings.TrimSpace(note)
	switch {
	case !s.knownTown(area):
		return TownListing{}, invalid("area", "not a configured town: %q", area)
	case listedOn.IsZero():
		return TownListing{}, invalid("listed_on", "no date")
	case utf8.RuneCountInString(note) > 200:
		return TownListing{}, invalid("note", "longer than 200 characters")
	}
	l := TownListing{AreaCode: area, ListedOn: listedOn, Note: note}
	err := s.db.GetContext(ctx, &l.ID, `
		INSERT INTO town_listings (area_code, listed_on, note, listed_by, created_at)
		VALUES ($1, $2::date, $3, $4, $5) RETURNING id`, area, isoDate(listedOn), note, by.ID, s.now())
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return TownListing{}, invalid("area", "already listed")
	}
	if err != nil {
		return TownListing{}, fmt.Errorf("queue: unable to list town %s: %w", area, err)
	}
	return l, nil
}

// DelistTown ends a current listing on delistedOn (not before it began).
func (s *Store) DelistTown(ctx context.Context, by Actor, id int64, delistedOn time.Time) error {
	if delistedOn.IsZero() {
		return invalid("delisted_on", "no date")
	}
	res, err := s.db.ExecContext(ctx, `
		UPDATE town_listings SET delisted_on = $2::date, delisted_by = $3
		 WHERE id = $1 AND delisted_on IS NULL AND listed_on <= $2::date`, id, isoDate(delistedOn), by.ID)
	if err != nil {
		return fmt.Errorf("queue: unable to de-list listing %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return invalid("delisted_on", "no current listing %d that began on or before %s", id, isoDate(delistedOn))
	}
	return nil
}

func (s *Store) knownTown(code string) bool {
	_, ok := s.cfg.Area(code)
	return ok
}
