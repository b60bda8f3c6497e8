package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// tableExists reports whether a table is visible to q.
func tableExists(t *testing.T, q sqlx.QueryerContext, table string) bool {
	t.Helper()
	var exists bool
	if err := sqlx.GetContext(t.Context(), q, &exists, `SELECT to_regclass($1) IS NOT NULL`, table); err != nil {
		t.Fatalf("look up %s: %v", table, err)
	}
	return exists
}

func databaseExists(t *testing.T, name string) bool {
	t.Helper()
	s, err := getServer()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.admin.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestDBIsMigratedAndIsolated(t *testing.T) {
	t.Parallel()
	a, b := DB(t), DB(t)

	// The goose version table proves the template went through schema.Up.
	for _, db := range []*sqlx.DB{a, b} {
		if !tableExists(t, db, "schema_migrations") {
			t.Fatal("cloned database has no schema_migrations table: template was not migrated")
		}
	}
	var applied int
	if err := a.GetContext(t.Context(), &applied, `SELECT count(*) FROM schema_migrations WHERE version_id > 0`); err != nil {
		t.Fatal(err)
	}
	if applied == 0 {
		t.Fatal("no migrations recorded in the cloned database")
	}

	if _, err := a.ExecContext(t.Context(), `CREATE TABLE pgtest_probe (n int)`); err != nil {
		t.Fatal(err)
	}
	if !tableExists(t, a, "pgtest_probe") {
		t.Fatal("table created in database a is not there")
	}
	if tableExists(t, b, "pgtest_probe") {
		t.Fatal("table created in database a is visible in database b")
	}
}

func TestTxRollsBackAtCleanup(t *testing.T) {
	t.Parallel()
	t.Run("write", func(t *testing.T) {
		tx := Tx(t)
		if _, err := tx.ExecContext(t.Context(), `CREATE TABLE pgtest_tx_probe (n int)`); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(t.Context(), `INSERT INTO pgtest_tx_probe VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		if !tableExists(t, tx, "pgtest_tx_probe") {
			t.Fatal("table not visible inside its own transaction")
		}
	})
	tx := Tx(t)
	if tableExists(t, tx, "pgtest_tx_probe") {
		t.Fatal("table from a finished test's transaction survived its cleanup")
	}
	if !tableExists(t, tx, "schema_migrations") {
		t.Fatal("shared database is not migrated")
	}
}

func TestURLDatabaseIsDroppedAtCleanup(t *testing.T) {
	t.Parallel()
	var name string
	t.Run("use", func(t *testing.T) {
		u := URL(t)
		if !strings.Contains(u, "sslmode=") {
			t.Errorf("URL %q lost the query of %s", u, EnvURL)
		}
		db, err := sql.Open("postgres", u)
		if err != nil {
			t.Fatal(err)
		}
		// Left open on purpose: cleanup must end sessions it did not open.
		if err := db.QueryRowContext(t.Context(), `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(name, clonePrefix) {
			t.Fatalf("database %q is not named as a clone", name)
		}
	})
	if databaseExists(t, name) {
		t.Fatalf("database %s still exists after its test ended", name)
	}
}

func TestTemplateIsReusedOnceComplete(t *testing.T) {
	t.Parallel()
	s, err := getServer()
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.prepareTemplate(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if again != s.template {
		t.Fatalf("second preparation made %s, want the existing %s", again, s.template)
	}
	var comment string
	if err := s.admin.QueryRowContext(t.Context(),
		`SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, s.template).Scan(&comment); err != nil {
		t.Fatal(err)
	}
	if !isComplete(comment, fingerprint()) {
		t.Fatalf("template comment %q does not mark it complete", comment)
	}
}

func TestConcurrentClonesAreDistinct(t *testing.T) {
	t.Parallel()
	names := make(chan string, 4)
	for range 4 {
		t.Run("clone", func(t *testing.T) {
			t.Parallel()
			var n string
			if err := DB(t).GetContext(t.Context(), &n, `SELECT current_database()`); err != nil {
				t.Fatal(err)
			}
			names <- n
		})
	}
	t.Cleanup(func() {
		close(names)
		seen := map[string]bool{}
		for n := range names {
			if seen[n] {
				t.Errorf("two tests got database %s", n)
			}
			seen[n] = true
		}
		if len(seen) != 4 {
			t.Errorf("got %d databases, want 4", len(seen))
		}
	})
}

func TestMissingURLSaysWhatToDo(t *testing.T) {
	t.Setenv(EnvURL, "")
	_, err := connect(context.Background())
	if err == nil {
		t.Fatal("connect without a URL succeeded")
	}
	if !strings.Contains(err.Error(), "make test") || !strings.Contains(err.Error(), EnvURL) {
		t.Fatalf("error %q does not tell how to get a database", err)
	}
}

func TestIsStale(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	old := now.Add(-2 * time.Hour).Unix()
	recent := now.Add(-30 * time.Second).Unix()
	tests := []struct {
		name, comment string
		want          bool
	}{
		{fmtName(clonePrefix, old), "", true},
		{fmtName(clonePrefix, recent), "", false},
		{fmtName(sharedPrefix, now.Add(-2*time.Minute).Unix()), "", true},
		{fmtName(sharedPrefix, recent), "", false},
		{templatePrefix + "abc", templateComment("abc", time.Unix(old, 0)), true},
		{templatePrefix + "abc", templateComment("abc", time.Unix(recent, 0)), false},
		{templatePrefix + "abc", "", true}, // never completed
		{clonePrefix + "garbage", "", false},
		{"someone_elses_db", "", false},
	}
	for _, tt := range tests {
		if got := isStale(tt.name, tt.comment, now); got != tt.want {
			t.Errorf("isStale(%q, %q) = %v, want %v", tt.name, tt.comment, got, tt.want)
		}
	}
}

func fmtName(prefix string, unix int64) string {
	return fmt.Sprintf("%s%d_4242_7_a1b2c3", prefix, unix)
}
