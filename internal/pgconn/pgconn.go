// Package pgconn opens Tipline's connection pools to PostgreSQL with the
// session settings its workload wants, whatever the server's defaults.
package pgconn

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// warmWait bounds Warm's wait for each connection.
const warmWait = time.Second

// sessionSettings are sent when each connection starts (no extra round trip).
// A setting the URL names itself is left as the URL says.
//
// jit: Tipline's queries read a page of rows or a few thousand at most, and
// the planner's cost for some (a search across every state, a month's
// dashboard over a million tips) passes jit_above_cost, so they were compiled
// with LLVM. A backend's first compilation loads LLVM, about 70 ms, and every
// one costs more than the query it speeds up: with it on, the search page's
// p95 was 83–98 ms against 52–56 ms with it off (scripts/bench.sh --only
// admin, 1M tips).
var sessionSettings = map[string]string{"jit": "off"}

// Open returns a pool for url (a PostgreSQL URL or key=value string). Nothing
// is dialled yet.
//
// Statements with parameters go in one round trip rather than two
// (lib/pq's binary_parameters, unless the URL says otherwise): without it,
// lib/pq parses and describes each statement, waits, then binds and runs it.
// An update's transaction is half a dozen statements, so this is a round
// trip saved on each, on both sides of a 2-core machine: at 1,200 updates/s
// offered (`tipline load --citizens 200 --rate 1200`), p99 received → reply
// was 80-104 ms (median of five 90) against 95-115 ms (107). In that mode a
// []byte parameter is sent as binary: it suits bytea and text, but a jsonb
// parameter must be given as a string.
func Open(url string) (*sqlx.DB, error) {
	cfg, err := pq.NewConfig(url)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(url, "binary_parameters") {
		cfg.BinaryParameters = true
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	for k, v := range sessionSettings {
		if _, set := cfg.Runtime[k]; !set {
			cfg.Runtime[k] = v
		}
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("pgconn: %w", err)
	}
	return sqlx.NewDb(sql.OpenDB(c), "postgres"), nil
}

// Warm runs prepare on conns distinct connections of db at once and leaves
// them in the pool. A new PostgreSQL backend reads the catalog entries of
// every table and index its first statements touch, tens of milliseconds
// that otherwise fall on the first requests after a start or a deploy; the
// pool keeps its idle connections, so warming them at start spares those.
//
// A connection not had within warmWait is left: the pool's connections are in
// use (by requests, or by another component warming its own), and waiting
// for them while holding others could leave nobody a connection.
func Warm(ctx context.Context, db *sqlx.DB, conns int, prepare func(context.Context, *sqlx.Conn) error) error {
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
			actx, cancel := context.WithTimeout(ctx, warmWait)
			conn, err := db.Connx(actx)
			cancel()
			if err != nil {
				if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
					errs[i] = err
				}
				warmed.Done()
				return
			}
			errs[i] = prepare(ctx, conn)
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
