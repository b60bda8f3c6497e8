// Package stmtcache runs a transaction's hot statements as prepared
// statements, kept per connection by their text.
//
// PostgreSQL parses and plans a statement each time it is sent; a prepared
// statement is planned once. lib/pq in its default mode also sends a
// statement that has arguments in two round trips (Parse and Describe, then
// Bind and Execute), a prepared one in one; the pools of internal/pgconn send
// both in one. On the bot's path an update runs several such statements, so
// at a thousand updates a second the difference was most of a core.
//
// A statement is prepared in the background the first time it is seen, on a
// connection of its own from the pool, so a caller never waits for a free
// connection while holding one (with every connection in a transaction that
// would wait forever); until then it runs unprepared. Once prepared, each
// transaction's connection prepares it on first use (database/sql keeps it
// per connection) and reuses it after.
//
// Only statements with arguments are prepared: one without is a single round
// trip already, and planned afresh each time it stays right when the data it
// reads changes shape (the bot's inbox claim, see bot/worker.go). The cache
// holds at most Max statements, so text built on the fly cannot grow it
// without bound; past that, statements run as before.
package stmtcache

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Max is how many distinct statements a Cache prepares.
const Max = 128

// prepareTimeout bounds a background preparation waiting for a connection.
const prepareTimeout = 10 * time.Second

// Cache holds the prepared statements of one database.
type Cache struct {
	db *sqlx.DB

	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt // nil value: being prepared, or refused
	done  sync.WaitGroup
}

// New returns an empty cache over db.
func New(db *sqlx.DB) *Cache {
	return &Cache{db: db, stmts: make(map[string]*sqlx.Stmt)}
}

// Close waits for preparations under way and closes every statement.
func (c *Cache) Close() error {
	c.done.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var first error
	for q, st := range c.stmts {
		if st != nil {
			if err := st.Close(); err != nil && first == nil {
				first = err
			}
		}
		delete(c.stmts, q)
	}
	return first
}

// lookup returns the prepared statement for query, or nil, starting its
// preparation when it is new.
func (c *Cache) lookup(query string, nargs int) *sqlx.Stmt {
	if nargs == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st, seen := c.stmts[query]
	if seen || len(c.stmts) >= Max {
		return st
	}
	c.stmts[query] = nil
	c.done.Add(1)
	go c.prepare(query)
	return nil
}

func (c *Cache) prepare(query string) {
	defer c.done.Done()
	ctx, cancel := context.WithTimeout(context.Background(), prepareTimeout)
	defer cancel()
	st, err := c.db.PreparexContext(ctx, query)
	if err != nil {
		// A statement that does not prepare (a syntax error the caller will
		// see for itself, or a pool too busy) stays unprepared for good
		// unless it was the wait: then the next use tries again.
		c.mu.Lock()
		if ctx.Err() != nil {
			delete(c.stmts, query)
		}
		c.mu.Unlock()
		return
	}
	c.mu.Lock()
	c.stmts[query] = st
	c.mu.Unlock()
}

// Tx runs the statements of one transaction through the cache. It serves
// where a sqlx.ExtContext or a *sqlx.Tx's query methods are used.
type Tx struct {
	*sqlx.Tx
	cache *Cache
}

// Wrap returns tx with its statements going through c. A nil c leaves every
// statement unprepared.
func (c *Cache) Wrap(tx *sqlx.Tx) *Tx {
	return &Tx{Tx: tx, cache: c}
}

var _ sqlx.ExtContext = (*Tx)(nil)

// stmt is the transaction's copy of query's prepared statement, or nil.
func (t *Tx) stmt(ctx context.Context, query string, nargs int) *sqlx.Stmt {
	if t.cache == nil {
		return nil
	}
	st := t.cache.lookup(query, nargs)
	if st == nil {
		return nil
	}
	return t.Tx.StmtxContext(ctx, st)
}

// ExecContext runs query, prepared when it can be.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query, len(args)); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs query, prepared when it can be.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query, len(args)); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryxContext runs query, prepared when it can be.
func (t *Tx) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	if st := t.stmt(ctx, query, len(args)); st != nil {
		return st.QueryxContext(ctx, args...)
	}
	return t.Tx.QueryxContext(ctx, query, args...)
}

// QueryRowxContext runs query, prepared when it can be.
func (t *Tx) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	if st := t.stmt(ctx, query, len(args)); st != nil {
		return st.QueryRowxContext(ctx, args...)
	}
	return t.Tx.QueryRowxContext(ctx, query, args...)
}

// GetContext scans one row of query into dest, as sqlx.Tx's does.
func (t *Tx) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.GetContext(ctx, t, dest, query, args...)
}

// SelectContext scans the rows of query into dest, as sqlx.Tx's does.
func (t *Tx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, t, dest, query, args...)
}
