package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Warm prepares up to conns of the pool's connections for the queue's pages:
// a new PostgreSQL backend reads the catalog entries of tips (its table, its
// nineteen indexes and their predicates) and the text column's statistics
// the first time it plans a search, which took 70 to 90 ms of a search page
// on a fresh connection, against 1 ms afterwards. The pool keeps its idle
// connections (database.max_open_conns of them), so connections warmed at
// start spare the first officers after a start or a deploy that wait. Only
// plans are made; nothing is read or written.
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
	errs := make([]error, conns)
	// Every connection is held until all are warmed, so that each goroutine
	// gets one of its own rather than one just given back.
	var warmed, done sync.WaitGroup
	release := make(chan struct{})
	for i := range conns {
		warmed.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			conn, err := s.db.Connx(ctx)
			if err != nil {
				errs[i] = err
				warmed.Done()
				return
			}
			errs[i] = warmConn(ctx, conn, plans)
			warmed.Done()
			<-release
			conn.Close() // back to the pool, warm
		}()
	}
	warmed.Wait()
	close(release)
	done.Wait()
	return errors.Join(errs...)
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
