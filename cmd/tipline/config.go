package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgconn"
	schema "github.com/tipline/tipline/sql"
)

// configFlag adds --config to a command's flags.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "config file (default: $TIPLINE_CONFIG; none means defaults plus environment)")
}

func loadConfig(env *environment, path string) (*config.Config, error) {
	if path == "" {
		path = lookup(env.environ, "TIPLINE_CONFIG")
	}
	return config.Load(path, env.environ)
}

// checkServe refuses to serve what must not run and warns, at every start,
// of what runs but should not: a bot with no mode, then the unsafe settings
// of a server others can reach, each named by its key.
func checkServe(cfg *config.Config, enabled map[string]bool, log *slog.Logger) error {
	var errs []error
	if enabled["bot"] {
		if err := cfg.Bot.RequireMode(); err != nil {
			errs = append(errs, err)
		}
	}
	for _, r := range cfg.ProductionRisks() {
		switch {
		case r.Component != "" && !enabled[r.Component]:
		case r.Fatal:
			errs = append(errs, r)
		default:
			log.Warn("UNSAFE SETTING for a server others can reach", "key", r.Key, "reason", r.Reason)
		}
	}
	return errors.Join(errs...)
}

func lookup(environ []string, key string) string {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// connect loads the configuration and opens its database; with current set it
// also refuses a schema older than this binary, as every command but migrate does.
func connect(ctx context.Context, env *environment, cfgPath string, current bool) (*config.Config, *sqlx.DB, error) {
	cfg, err := loadConfig(env, cfgPath)
	if err != nil {
		return nil, nil, err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	if current {
		if err := schema.Check(ctx, db.DB); err != nil {
			db.Close()
			return nil, nil, err
		}
	}
	return cfg, db, nil
}

// openDB connects and waits briefly for the server, so a service started with
// its database (compose, systemd) does not die on the first refused connection.
func openDB(ctx context.Context, cfg *config.Config) (*sqlx.DB, error) {
	db, err := pgconn.Open(cfg.Database.URL)
	if err != nil {
		return nil, fmt.Errorf("database.url: %w", err)
	}
	db.SetMaxOpenConns(cfg.Database.MaxOpenConns)
	db.SetMaxIdleConns(cfg.Database.MaxOpenConns)
	db.SetConnMaxLifetime(30 * time.Minute)
	deadline := time.Now().Add(15 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err = db.PingContext(pctx)
		cancel()
		if err == nil {
			return db, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			db.Close()
			return nil, fmt.Errorf("cannot reach the database (database.url): %w", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func newLogger(env *environment, cfg *config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	w := env.stderr
	if w == nil {
		w = os.Stderr
	}
	if cfg.Log.Format == "json" {
		return slog.New(quietCancels{slog.NewJSONHandler(w, opts)})
	}
	return slog.New(quietCancels{slog.NewTextHandler(w, opts)})
}
