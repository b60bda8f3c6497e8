// Package schema owns Tipline's database schema: numbered SQL migrations embedded in
// the binary, applied with goose. It is the only source of the schema; each package
// owns the tables its migration files name.
package schema

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FS returns the migration files, named NNN_description.sql.
func FS() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

func provider(db *sql.DB, opts ...goose.ProviderOption) (*goose.Provider, error) {
	opts = append(opts,
		goose.WithTableName("schema_migrations"),
		// Packages own ranges of migration numbers, so a database may have a later
		// number applied before an earlier one is written; apply the gap, don't refuse.
		goose.WithAllowOutofOrder(true))
	p, err := goose.NewProvider(goose.DialectPostgres, db, FS(), opts...)
	if err != nil {
		return nil, fmt.Errorf("schema: unable to read migrations: %w", err)
	}
	return p, nil
}

// Up applies every pending migration, each in its own transaction. Replicas
// that start together take turns: goose holds an advisory lock on one
// dedicated connection for the whole run.
func Up(ctx context.Context, db *sql.DB) error {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	p, err := provider(db, goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("schema: unable to migrate: %w", err)
	}
	return nil
}

// Migration is one migration file and whether the database has it.
type Migration struct {
	Version int64
	Name    string
	Applied bool
}

// Status lists every migration the binary knows, in order.
func Status(ctx context.Context, db *sql.DB) ([]Migration, error) {
	p, err := provider(db)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema: unable to read migration status: %w", err)
	}
	out := make([]Migration, 0, len(st))
	for _, s := range st {
		out = append(out, Migration{
			Version: s.Source.Version,
			Name:    s.Source.Path,
			Applied: s.State == goose.StateApplied,
		})
	}
	return out, nil
}

// ErrOutOfDate is returned by Check when migrations are pending.
var ErrOutOfDate = errors.New("schema: database schema is out of date")

// Check reports ErrOutOfDate (wrapped with the count) when the database lacks
// migrations this binary has, so a server never runs against an old schema.
func Check(ctx context.Context, db *sql.DB) error {
	st, err := Status(ctx, db)
	if err != nil {
		return err
	}
	pending := 0
	for _, m := range st {
		if !m.Applied {
			pending++
		}
	}
	if pending > 0 {
		return fmt.Errorf("%w: %d migration(s) pending; run `tipline migrate up` or start with --migrate", ErrOutOfDate, pending)
	}
	return nil
}

// Latest is the newest migration version this binary carries.
func Latest() int64 {
	st, _ := fs.Glob(FS(), "*.sql")
	var v int64
	for _, name := range st {
		var n int64
		if _, err := fmt.Sscanf(name, "%d_", &n); err == nil && n > v {
			v = n
		}
	}
	return v
}

// Fingerprint is a hash of every migration file, so test templates built from an
// older schema are never reused.
func Fingerprint() string {
	names, _ := fs.Glob(FS(), "*.sql")
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, _ := fs.ReadFile(FS(), n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
