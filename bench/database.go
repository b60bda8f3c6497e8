package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/lib/pq"
)

// keygen asks the binary for fresh keys, as an operator would; the seeded
// tips' receipts were hashed with other keys, which nothing measured here reads.
func keygen(ctx context.Context, bin string) ([]string, error) {
	out, err := exec.CommandContext(ctx, bin, "keygen", "--env").Output()
	if err != nil {
		return nil, fmt.Errorf("tipline keygen: %w", err)
	}
	return strings.Fields(string(out)), nil
}

// tiplineEnv is the environment of a tipline subprocess: ours without any
// TIPLINE_ setting that could point it elsewhere, plus the database and keys.
func tiplineEnv(dbURL string, keys []string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TIPLINE_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TIPLINE_DATABASE_URL="+dbURL)
	env = append(env, keys...)
	return append(env, extra...)
}

// tipline runs one operator command to its end.
func tipline(ctx context.Context, bin, dbURL string, keys []string, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = tiplineEnv(dbURL, keys)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("tipline %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errOut.String()))
	}
	return out.String(), nil
}

// prepareSeeded makes the database of o.tips tips: reused when it exists (and
// migrated to the current schema), topped up with `tipline seed` when it holds
// fewer.
func prepareSeeded(ctx context.Context, o options, keys []string, r *report) error {
	if err := createDatabase(ctx, o.serverURL, o.dbURL, false); err != nil {
		return err
	}
	if _, err := tipline(ctx, o.bin, o.dbURL, keys, "", "migrate", "up"); err != nil {
		return err
	}
	db, err := sql.Open("postgres", o.dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var have int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM tips`).Scan(&have); err != nil {
		return fmt.Errorf("unable to count tips: %w", err)
	}
	if have < o.tips {
		n := o.tips - have
		progress("seeding %d tips into %s (about 30 s per 100,000)", n, redact(o.dbURL))
		t := time.Now()
		if _, err := tipline(ctx, o.bin, o.dbURL, keys, "", "seed", "--tips", fmt.Sprint(n)); err != nil {
			return err
		}
		r.seeded = n
		r.seedTook = time.Since(t)
		if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
			return err
		}
	} else {
		progress("reusing %s with %d tips", redact(o.dbURL), have)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM tips`).Scan(&r.tips); err != nil {
		return fmt.Errorf("unable to count tips: %w", err)
	}
	return nil
}

// createDatabase creates the database of dbURL on the server when missing; with
// fresh it drops it first.
func createDatabase(ctx context.Context, serverURL, dbURL string, fresh bool) error {
	name := databaseName(dbURL)
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	if fresh {
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+pq.QuoteIdentifier(name)+` WITH (FORCE)`); err != nil {
			return fmt.Errorf("unable to drop %s: %w", name, err)
		}
	}
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("unable to look for %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name)); err != nil {
		return fmt.Errorf("unable to create %s: %w", name, err)
	}
	return nil
}

func dropDatabase(serverURL, dbURL string) {
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return
	}
	defer admin.Close()
	_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + pq.QuoteIdentifier(databaseName(dbURL)) + ` WITH (FORCE)`)
}

func databaseName(u string) string {
	if i := strings.LastIndex(u, "/"); i >= 0 {
		name, _, _ := strings.Cut(u[i+1:], "?")
		return name
	}
	return u
}

// redact drops a password from a URL before it is printed.
func redact(u string) string {
	if at := strings.LastIndex(u, "@"); at >= 0 {
		if scheme := strings.Index(u, "://"); scheme >= 0 && strings.Contains(u[scheme+3:at], ":") {
			user, _, _ := strings.Cut(u[scheme+3:at], ":")
			return u[:scheme+3] + user + ":***" + u[at:]
		}
	}
	return u
}
