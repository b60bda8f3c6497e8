// Package queue owns the triage queue: tips, their state machine, claims and
// assignment, dialogue with reporters, notes, rewards, blocks, extracted
// entities and the events that make up each tip's timeline. It stores them in
// PostgreSQL (tables reporter_blocks, tips, dialogue, attachments, notes,
// tip_events, entities, tip_entities, tip_outcomes, tip_seizures,
// tip_operations, operations) and knows nothing of Telegram or HTTP.
//
// Every change of a tip is one conditional UPDATE (… WHERE state = $old [AND
// version = $v] RETURNING) that bumps tips.version and writes a tip_events row
// in the same transaction, so two officers never both win, and a stale page
// is refused with ErrConflict instead of overwriting.
package queue

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
)

// Store is the triage queue over PostgreSQL.
type Store struct {
	db         *sqlx.DB
	cfg        *config.Config
	receiptKey []byte
	now        func() time.Time
}

// NewStore returns a store over db; receiptKey is the key receipts are hashed with.
func NewStore(db *sqlx.DB, cfg *config.Config, receiptKey []byte) *Store {
	return &Store{db: db, cfg: cfg, receiptKey: receiptKey, now: time.Now}
}

// WithClock returns a copy of the store that reads the time from now, so that
// deadlines and windows are testable.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// DB is the pool the store works on, for callers that open their own transactions.
func (s *Store) DB() *sqlx.DB { return s.db }

// location is where days begin for stats.
func (s *Store) location() *time.Location {
	if s.cfg.Location != nil {
		return s.cfg.Location
	}
	return time.Local
}

// inTx runs fn in a transaction on the pool, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
