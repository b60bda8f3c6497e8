package stmtcache

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgtest"
)

// preparedOn lists the statements prepared on tx's connection, read past the
// cache (an unnamed statement is not listed).
func preparedOn(t *testing.T, tx *Tx) []string {
	t.Helper()
	var out []string
	if err := tx.Tx.SelectContext(context.Background(), &out, `SELECT statement FROM pg_prepared_statements WHERE NOT from_sql AND statement <> $1`, ""); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitPrepared waits for the preparations under way and checks query's.
func waitPrepared(t *testing.T, c *Cache, query string) {
	t.Helper()
	c.done.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts[query] == nil {
		t.Fatalf("%q was never prepared", query)
	}
}

func begin(t *testing.T, c *Cache, db *sqlx.DB) *Tx {
	t.Helper()
	tx, err := db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return c.Wrap(tx)
}

func TestStatementWithArgumentsRunsPreparedOnceSeen(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	db.SetMaxOpenConns(2)
	c := New(db)
	t.Cleanup(func() { _ = c.Close() })
	ctx := context.Background()
	const q = `SELECT $1::int + 1`

	tx := begin(t, c, db)
	var n int
	if err := tx.GetContext(ctx, &n, q, 41); err != nil || n != 42 {
		t.Fatalf("first run: %d, %v", n, err)
	}
	if got := preparedOn(t, tx); len(got) != 0 {
		t.Fatalf("the first run went unprepared on the transaction's connection, yet %q is prepared there", got)
	}
	waitPrepared(t, c, q)

	// Each way in runs the prepared statement on the transaction's connection.
	if err := tx.GetContext(ctx, &n, q, 1); err != nil || n != 2 {
		t.Fatalf("Get: %d, %v", n, err)
	}
	if got := preparedOn(t, tx); len(got) != 1 || got[0] != q {
		t.Fatalf("prepared on the connection: %q", got)
	}
	if err := tx.QueryRowxContext(ctx, q, 2).Scan(&n); err != nil || n != 3 {
		t.Fatalf("QueryRowx: %d, %v", n, err)
	}
	var ns []int
	if err := tx.SelectContext(ctx, &ns, q, 3); err != nil || len(ns) != 1 || ns[0] != 4 {
		t.Fatalf("Select: %v, %v", ns, err)
	}
	if _, err := tx.ExecContext(ctx, q, 4); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if got := preparedOn(t, tx); len(got) != 1 {
		t.Fatalf("prepared once per connection, found %q", got)
	}
}

// A statement without arguments is one round trip already and is planned
// afresh each time (see the package comment); it is never prepared.
func TestStatementWithoutArgumentsIsNeverPrepared(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	c := New(db)
	t.Cleanup(func() { _ = c.Close() })
	tx := begin(t, c, db)
	for range 3 {
		if _, err := tx.ExecContext(context.Background(), `SELECT 1`); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if len(c.stmts) != 0 || len(preparedOn(t, tx)) != 0 {
		t.Fatalf("cached %v, prepared %q", c.stmts, preparedOn(t, tx))
	}
}

// Text built on the fly cannot grow the cache past Max; what is past it runs
// as before, correctly.
func TestCacheIsBounded(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	c := New(db)
	t.Cleanup(func() { _ = c.Close() })
	tx := begin(t, c, db)
	for i := range Max + 20 {
		var n int
		if err := tx.GetContext(context.Background(), &n, fmt.Sprintf(`SELECT $1::int + %d`, i), 1); err != nil || n != i+1 {
			t.Fatalf("statement %d: %d, %v", i, n, err)
		}
	}
	c.done.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.stmts) != Max {
		t.Fatalf("%d statements cached, want %d", len(c.stmts), Max)
	}
}

// A statement that does not prepare reports its error to the caller every
// time, as it would unprepared.
func TestBadStatementFailsAsItWouldUnprepared(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	c := New(db)
	t.Cleanup(func() { _ = c.Close() })
	ctx := context.Background()
	const q = `SELECT no_such_column FROM officers WHERE id = $1`
	for i := range 2 {
		tx := begin(t, c, db)
		var n int
		err := tx.GetContext(ctx, &n, q, 1)
		if err == nil || !strings.Contains(err.Error(), "no_such_column") {
			t.Fatalf("run %d: %v", i, err)
		}
		_ = tx.Rollback()
		c.done.Wait()
	}
}

// A nil cache serves as a plain transaction.
func TestNilCacheRunsUnprepared(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	var c *Cache
	tx := begin(t, c, db)
	var n int
	if err := tx.GetContext(context.Background(), &n, `SELECT $1::int * 2`, 21); err != nil || n != 42 {
		t.Fatalf("%d, %v", n, err)
	}
}
