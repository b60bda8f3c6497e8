package schema_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"

	schema "github.com/tipline/tipline/sql"
)

// freshDatabase creates an empty database, so the migrations are proven from nothing.
func freshDatabase(t *testing.T) *sql.DB {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run `make test`")
	}
	admin, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("tipline_schema_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", withDatabase(url, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return db
}

func withDatabase(url, name string) string {
	q := ""
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, q = url[:i], url[i:]
	}
	return url[:strings.LastIndexByte(url, '/')+1] + name + q
}

func TestMigrateFromEmpty(t *testing.T) {
	ctx := context.Background()
	db := freshDatabase(t)
	if err := schema.Check(ctx, db); err == nil {
		t.Fatal("an empty database must be reported out of date")
	}
	if err := schema.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := schema.Check(ctx, db); err != nil {
		t.Fatalf("after up: %v", err)
	}
	st, err := schema.Status(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) == 0 || st[len(st)-1].Version != schema.Latest() {
		t.Fatalf("status lists %d migrations, latest is %d", len(st), schema.Latest())
	}
	for _, m := range st {
		if !m.Applied {
			t.Errorf("migration %s not applied", m.Name)
		}
	}
	// Up again is a no-op.
	if err := schema.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := freshDatabase(t)
	if err := schema.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO audit_log (action) VALUES ('login')`); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_log SET action = 'nothing'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: want append-only refusal, got %v", stmt, err)
		}
	}
}

func TestTipConstraints(t *testing.T) {
	ctx := context.Background()
	db := freshDatabase(t)
	if err := schema.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	insert := `INSERT INTO tips (receipt_hash, reporter_ref, category, occurred, description, search,
		priority, suggested_priority, triage_due, contact_mode, state, resolution, closed_at, duplicate_of)
		VALUES (decode(repeat(md5($1), 2), 'hex'), decode(repeat('ab', 32), 'hex'), 'selling', 'today', 'x',
		'', 3, 3, now(), 'code', $2, $3, $4, $5) RETURNING id`
	var first int64
	if err := db.QueryRowContext(ctx, insert, "a", "new", nil, nil, nil).Scan(&first); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	bad := []struct {
		name       string
		state      string
		resolution any
		closedAt   any
		dup        any
	}{
		{"closed without resolution", "closed", nil, now, nil},
		{"resolution on an open tip", "in_review", "spam", nil, nil},
		{"duplicate without original", "closed", "duplicate", now, nil},
		{"duplicate of a missing tip", "closed", "duplicate", now, first + 1000},
		{"unknown state", "lost", nil, nil, nil},
		{"unknown resolution", "closed", "forgotten", now, nil},
		{"original on a non-duplicate", "closed", "spam", now, first},
	}
	for i, b := range bad {
		var id int64
		err := db.QueryRowContext(ctx, insert, fmt.Sprint("b", i), b.state, b.resolution, b.closedAt, b.dup).Scan(&id)
		if err == nil {
			t.Errorf("%s: accepted", b.name)
		}
	}
	var dup int64
	if err := db.QueryRowContext(ctx, insert, "ok", "closed", "duplicate", now, first).Scan(&dup); err != nil {
		t.Fatalf("a proper duplicate is refused: %v", err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE tips SET resolution = 'duplicate', duplicate_of = NULL WHERE id = $1`, dup); err == nil {
		t.Error("a duplicate was stripped of its original")
	}
	// Purging the original keeps the duplicate, which loses only the link.
	if _, err := db.ExecContext(ctx, `DELETE FROM tips WHERE id = $1`, first); err != nil {
		t.Fatalf("purging an original with a duplicate: %v", err)
	}
	var orphan *int64
	if err := db.QueryRowContext(ctx, `SELECT duplicate_of FROM tips WHERE id = $1`, dup).Scan(&orphan); err != nil || orphan != nil {
		t.Fatalf("duplicate after purge: %v %v", orphan, err)
	}
}

// Replicas started together all run `migrate up`; they must take turns, not
// fail on each other's half-made tables.
func TestConcurrentUp(t *testing.T) {
	ctx := context.Background()
	db := freshDatabase(t)
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() { errs <- schema.Up(ctx, db) }()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent up: %v", err)
		}
	}
	if err := schema.Check(ctx, db); err != nil {
		t.Fatal(err)
	}
}
