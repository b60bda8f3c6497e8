// Package pgtest gives tests real, migrated PostgreSQL databases from the server named by
// TEST_DATABASE_URL (`make test` finds or starts one).
//
// The schema is migrated once into a template database named after the migrations'
// fingerprint; each test then gets a clone of it, which PostgreSQL copies in
// milliseconds:
//
//	TEST_DATABASE_URL ─▶ tipline_tpl_<fingerprint>  (migrated once, across all test binaries)
//	                           │ CREATE DATABASE … TEMPLATE
//	             ┌─────────────┼───────────────────────┐
//	             ▼             ▼                       ▼
//	   DB(t), URL(t): one     DB(t) …          one shared clone per test binary:
//	   clone per test,                          Tx(t) is a transaction on it,
//	   dropped at cleanup                       rolled back at cleanup
//
// Use Tx for tests that only need isolation from each other; DB or URL when the code
// under test commits, runs concurrent transactions, or is a separate process.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/internal/pgconn"
	schema "github.com/tipline/tipline/sql"
)

// EnvURL names the variable holding the URL of a server on which tests may create
// databases.
const EnvURL = "TEST_DATABASE_URL"

const (
	templatePrefix = "tipline_tpl_"
	clonePrefix    = "tipline_t_"
	sharedPrefix   = "tipline_s_"

	// templateLockKey serialises template creation across concurrent test binaries.
	templateLockKey = 0x7469706c696e65 // "tipline"

	// Leftovers of crashed or interrupted test binaries are dropped after this long.
	// A live binary's databases are younger, or connected, or both.
	staleAfter = time.Hour
)

// The migration step is a variable so this package's own tests can check it is used.
var (
	migrate     = schema.Up
	fingerprint = schema.Fingerprint
)

// server is the process-wide state: a maintenance pool on the server and the template.
type server struct {
	base     *url.URL
	admin    *sql.DB
	template string
}

var (
	serverOnce sync.Once
	theServer  *server
	serverErr  error

	sharedOnce sync.Once
	sharedDB   *sqlx.DB
	sharedErr  error

	cloneCount atomic.Uint64
)

func getServer() (*server, error) {
	serverOnce.Do(func() {
		theServer, serverErr = connect(context.Background())
	})
	return theServer, serverErr
}

func connect(ctx context.Context) (*server, error) {
	raw := os.Getenv(EnvURL)
	if raw == "" {
		return nil, fmt.Errorf("pgtest: %s is not set: run `make test` (it finds or starts PostgreSQL), "+
			"or set %s=postgres://user@host:5432/db?sslmode=disable for a server where you may create databases", EnvURL, EnvURL)
	}
	base, err := url.Parse(raw)
	if err != nil || (base.Scheme != "postgres" && base.Scheme != "postgresql") {
		return nil, fmt.Errorf("pgtest: %s must be a postgres:// URL", EnvURL)
	}
	admin, err := sql.Open("postgres", raw)
	if err != nil {
		return nil, fmt.Errorf("pgtest: unable to open %s: %w", EnvURL, err)
	}
	admin.SetMaxOpenConns(4)
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("pgtest: unable to reach the server in %s (run `make test`, or start PostgreSQL): %w", EnvURL, err)
	}
	s := &server{base: base, admin: admin}
	if s.template, err = s.prepareTemplate(ctx); err != nil {
		admin.Close()
		return nil, err
	}
	return s, nil
}

// urlFor is the base URL pointed at database name.
func (s *server) urlFor(name string) string {
	u := *s.base
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// templateComment marks a template as complete; a template without it is half-built
// (its creator died) and is rebuilt. The time lets other binaries' sweeps judge its age.
func templateComment(fp string, created time.Time) string {
	return fmt.Sprintf("tipline test template fingerprint=%s created=%d", fp, created.Unix())
}

func isComplete(comment, fp string) bool {
	return strings.HasPrefix(comment, fmt.Sprintf("tipline test template fingerprint=%s created=", fp))
}

// prepareTemplate makes sure the migrated template for the current migrations exists.
// The advisory lock is held on one dedicated connection: a session lock taken through
// the pool could be released on another connection than the one that took it.
func (s *server) prepareTemplate(ctx context.Context) (string, error) {
	fp := fingerprint()
	name := templatePrefix + safeName(fp, 16)

	conn, err := s.admin.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("pgtest: unable to get a connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, templateLockKey); err != nil {
		return "", fmt.Errorf("pgtest: unable to lock the template: %w", err)
	}
	defer func() {
		// Closing the connection would release it too; unlocking first is just prompt.
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, templateLockKey)
	}()

	var comment sql.NullString
	err = conn.QueryRowContext(ctx,
		`SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&comment)
	switch {
	case err == nil && isComplete(comment.String, fp):
		s.dropStale(ctx, conn, name)
		return name, nil
	case err == nil:
		// Half-built by a binary that died mid-migration.
		if err := dropDatabase(ctx, conn, name); err != nil {
			return "", err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("pgtest: unable to look up the template: %w", err)
	}

	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name)); err != nil {
		return "", fmt.Errorf("pgtest: unable to create the template: %w", err)
	}
	if err := s.migrateTemplate(ctx, name); err != nil {
		_ = dropDatabase(context.Background(), conn, name)
		return "", err
	}
	// No connections are allowed to a template from now on: CREATE DATABASE … TEMPLATE
	// fails while anyone, autovacuum included, is connected to it.
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+pq.QuoteIdentifier(name)+` WITH ALLOW_CONNECTIONS false`); err != nil {
		return "", fmt.Errorf("pgtest: unable to close the template to connections: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `COMMENT ON DATABASE `+pq.QuoteIdentifier(name)+` IS `+pq.QuoteLiteral(templateComment(fp, time.Now()))); err != nil {
		return "", fmt.Errorf("pgtest: unable to mark the template complete: %w", err)
	}
	s.dropStale(ctx, conn, name)
	return name, nil
}

func (s *server) migrateTemplate(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", s.urlFor(name))
	if err != nil {
		return fmt.Errorf("pgtest: unable to open the template: %w", err)
	}
	// Closed before cloning: a template must have no connections.
	defer db.Close()
	if err := migrate(ctx, db); err != nil {
		return fmt.Errorf("pgtest: unable to migrate the template: %w", err)
	}
	return nil
}

// dropStale removes templates of other migration sets and databases left behind by test
// binaries that crashed or were interrupted. Only unconnected databases past their age
// are dropped, so a binary still running with another schema (a teammate mid-edit)
// keeps its template. Best effort: a failure only leaves litter.
func (s *server) dropStale(ctx context.Context, conn *sql.Conn, keep string) {
	rows, err := conn.QueryContext(ctx, `
		SELECT d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '')
		  FROM pg_database d
		 WHERE (d.datname LIKE 'tipline\_tpl\_%' OR d.datname LIKE 'tipline\_t\_%' OR d.datname LIKE 'tipline\_s\_%')
		   AND d.datname <> $1
		   AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)`, keep)
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var n, comment string
		if rows.Scan(&n, &comment) == nil && isStale(n, comment, time.Now()) {
			names = append(names, n)
		}
	}
	rows.Close()
	for _, n := range names {
		// Without FORCE: a database someone connected to meanwhile is kept.
		_, _ = conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+pq.QuoteIdentifier(n))
	}
}

// isStale says whether an unconnected database made by this package may be dropped.
// Clones carry their creation time in their name, templates in their comment. A shared
// clone is pinned by a connection while its binary lives, so a minute (the time between
// creating and connecting) is enough.
func isStale(name, comment string, now time.Time) bool {
	var created time.Time
	var ok bool
	maxAge := staleAfter
	switch {
	case strings.HasPrefix(name, templatePrefix):
		_, at, found := strings.Cut(comment, " created=")
		if !found {
			return true // never completed
		}
		created, ok = unixTime(at)
	case strings.HasPrefix(name, clonePrefix):
		head, _, _ := strings.Cut(strings.TrimPrefix(name, clonePrefix), "_")
		created, ok = unixTime(head)
	case strings.HasPrefix(name, sharedPrefix):
		head, _, _ := strings.Cut(strings.TrimPrefix(name, sharedPrefix), "_")
		created, ok = unixTime(head)
		maxAge = time.Minute
	}
	return ok && now.Sub(created) > maxAge
}

func unixTime(s string) (time.Time, bool) {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// safeName keeps the characters of s that are safe in an unquoted identifier, at most n.
func safeName(s string, n int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() == n {
			break
		}
	}
	return b.String()
}

// newName is unique across processes and tests: creation time (for the stale sweep),
// pid, a per-process counter and randomness for pid reuse across machines.
func newName(prefix string) string {
	var r [3]byte
	_, _ = rand.Read(r[:])
	return fmt.Sprintf("%s%d_%d_%d_%s", prefix, time.Now().Unix(), os.Getpid(), cloneCount.Add(1), hex.EncodeToString(r[:]))
}

// clone creates a database from the template. Cloning fails with object_in_use while
// another session is still connected to the template (a closing migration connection,
// autovacuum); those go away by themselves, so it retries.
func (s *server) clone(ctx context.Context, prefix string) (string, error) {
	name := newName(prefix)
	stmt := `CREATE DATABASE ` + pq.QuoteIdentifier(name) + ` TEMPLATE ` + pq.QuoteIdentifier(s.template)
	var err error
	for attempt := 0; attempt < 50; attempt++ {
		if _, err = s.admin.ExecContext(ctx, stmt); err == nil {
			return name, nil
		}
		var pqErr *pq.Error
		if !errors.As(err, &pqErr) || pqErr.Code != "55006" {
			break
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("pgtest: unable to clone the template %s: %w", s.template, err)
}

// dropDatabase ends the sessions still on a database and drops it.
func dropDatabase(ctx context.Context, ex interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, name string) error {
	if _, err := ex.ExecContext(ctx,
		`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, name); err != nil {
		return fmt.Errorf("pgtest: unable to end sessions on %s: %w", name, err)
	}
	if _, err := ex.ExecContext(ctx, `DROP DATABASE IF EXISTS `+pq.QuoteIdentifier(name)+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("pgtest: unable to drop %s: %w", name, err)
	}
	return nil
}

// cleanupContext is for t.Cleanup, which runs after the test's own context is cancelled.
func cleanupContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// URL returns the URL of a fresh migrated database, dropped when the test ends. Use it
// for code that opens its own connections, such as a started tipline process.
func URL(t testing.TB) string {
	t.Helper()
	s, err := getServer()
	if err != nil {
		t.Fatal(err)
	}
	name, err := s.clone(t.Context(), clonePrefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := cleanupContext()
		defer cancel()
		if err := dropDatabase(ctx, s.admin, name); err != nil {
			t.Error(err)
		}
	})
	return s.urlFor(name)
}

// DB returns a pool on a fresh migrated database, closed and dropped when the test ends.
func DB(t testing.TB) *sqlx.DB {
	t.Helper()
	u := URL(t)
	db, err := pgconn.Open(u)
	if err != nil {
		t.Fatalf("pgtest: unable to open the test database: %v", err)
	}
	// Registered after URL's cleanup, so it runs first: close, then drop.
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(t.Context()); err != nil {
		t.Fatalf("pgtest: unable to connect to the test database: %v", err)
	}
	return db
}

// Tx returns a transaction on the test binary's shared migrated database, rolled back
// when the test ends. Tests using Tx see neither each other's writes nor committed data:
// nothing commits. The transaction is not safe for concurrent use.
func Tx(t testing.TB) *sqlx.Tx {
	t.Helper()
	db, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTxx(context.Background(), nil)
	if err != nil {
		t.Fatalf("pgtest: unable to begin a transaction: %v", err)
	}
	t.Cleanup(func() {
		if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
			t.Errorf("pgtest: unable to roll back: %v", err)
		}
	})
	return tx
}

// shared opens the per-binary database Tx uses. It is never dropped by this binary
// (there is no hook at process exit); a pinned connection keeps it visibly in use while
// the binary lives, and the next binary's sweep drops it once that connection is gone.
func shared() (*sqlx.DB, error) {
	sharedOnce.Do(func() {
		var s *server
		if s, sharedErr = getServer(); sharedErr != nil {
			return
		}
		ctx := context.Background()
		var name string
		if name, sharedErr = s.clone(ctx, sharedPrefix); sharedErr != nil {
			return
		}
		db, err := pgconn.Open(s.urlFor(name))
		if err != nil {
			sharedErr = fmt.Errorf("pgtest: unable to open the shared database: %w", err)
			return
		}
		// Deliberately never closed: while this binary lives, the shared database has a
		// session, so other binaries' sweeps leave it alone.
		if _, err := db.Conn(ctx); err != nil {
			db.Close()
			_ = dropDatabase(ctx, s.admin, name)
			sharedErr = fmt.Errorf("pgtest: unable to connect to the shared database: %w", err)
			return
		}
		sharedDB = db
	})
	return sharedDB, sharedErr
}
