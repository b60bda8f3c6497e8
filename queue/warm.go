package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgconn"
)

// Warm prepares conns of the pool's connections for the queue's pages (see
// pgconn.Warm): a new PostgreSQL backend reads the catalog entries of tips
// (its table, its nineteen indexes and their predicates) and the text
// column's statistics the first time it plans a search, 12 ms on a fresh
// connection against 1 ms afterwards (1M tips). Only plans are made; nothing
// is read or written.
func (s *Store) Warm(ctx context.Context, conns int) error {
	var plans []listQuery
	open := []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded}
	for _, f := range []Filter{{Query: "冰毒", States: open}, {Query: "冰毒"}, {States: open}} {
		lq, _, err := s.listQuery(f, time.Now())
		if err != nil {
			return err
		}
		plans = append(plans, lq)
	}
	return pgconn.Warm(ctx, s.db, conns, func(ctx context.Context, conn *sqlx.Conn) error {
		return warmConn(ctx, conn, plans)
	})
}

// warmConn plans the list's queries on conn.
func warmConn(ctx context.Context, conn *sqlx.Conn, plans []listQuery) error {
	for _, lq := range plans {
		for _, q := range []struct {
			sql  string
			args []any
		}{{lq.full, lq.args}, {lq.matched, lq.matchedArgs}} {
			if q.sql == "" {
				continue
			}
			if _, err := conn.ExecContext(ctx, "EXPLAIN "+q.sql, q.args...); err != nil {
				return fmt.Errorf("queue: unable to warm a connection: %w", err)
			}
		}
	}
	return nil
}
