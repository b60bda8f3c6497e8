package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgconn"
	"github.com/tipline/tipline/loadtest"
	schema "github.com/tipline/tipline/sql"
)

func runLoad(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "load", "load [--citizens 200] [--tips-per-citizen 1] [--duration D] [--enforce-limits] [--mode webhook|polling] [--burst N | --rate N] [--database-url URL] [--reuse] [--json] [--cpuprofile FILE]")
	citizens := fs.Int("citizens", 200, "simulated citizens, each reporting as fast as the bot answers")
	tips := fs.Int("tips-per-citizen", 1, "reports each citizen files (each followed by a status check)")
	duration := fs.Duration("duration", 0, "stop the citizens after this long (0: when every citizen is done)")
	enforce := fs.Bool("enforce-limits", false, "the emulator enforces Telegram's send limits (30/s overall, 1/s per chat) and the sender is configured with them")
	sendRate := fs.Int("send-per-second", 0, "override the sender's overall limit (above 30 with --enforce-limits provokes 429s)")
	mode := fs.String("mode", "webhook", "how the bot receives updates: webhook or polling")
	burst := fs.Int("burst", 0, "instead of the report flow, each citizen posts this many messages at once (measures intake apart from the sender)")
	rate := fs.Int("rate", 0, "instead of the report flow, offer this many messages a second in all, spread evenly across citizens, for --duration (default 10s): latency at a given load (open loop)")
	workers := fs.Int("workers", config.Default().Bot.Workers, "bot workers (bot.workers)")
	conns := fs.Int("max-open-conns", config.Default().Database.MaxOpenConns, "connections the run may open (database.max_open_conns)")
	dbURL := fs.String("database-url", "", "database to run on (default $TIPLINE_DATABASE_URL, then $TEST_DATABASE_URL); it is migrated first")
	reuse := fs.Bool("reuse", false, "run on a database that already holds tips")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	verbose := fs.Bool("verbose", false, "log the bot's warnings and errors to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *citizens <= 0 || *tips <= 0 {
		return usageError{"--citizens and --tips-per-citizen must be positive"}
	}
	if *conns < 2 {
		return usageError{"--max-open-conns must be at least 2"}
	}
	if *rate < 0 || *burst < 0 || (*rate > 0 && *burst > 0) {
		return usageError{"give --burst or --rate, not both, and not negative"}
	}
	if *mode != "webhook" && *mode != "polling" {
		return usageError{"--mode must be webhook or polling"}
	}
	url := firstOf(*dbURL, lookup(env.environ, "TIPLINE_DATABASE_URL"), lookup(env.environ, "TEST_DATABASE_URL"))
	if url == "" {
		return usageError{"no database: give --database-url or set TIPLINE_DATABASE_URL"}
	}
	db, err := pgconn.Open(url)
	if err != nil {
		return fmt.Errorf("database url: %w", err)
	}
	defer db.Close()
	// As bounded as a server is (database.max_open_conns): the PostgreSQL
	// server's connections are shared, and a run on 64 measured what no
	// configured replica has.
	db.SetMaxOpenConns(*conns)
	db.SetMaxIdleConns(*conns)
	if err := schema.Up(ctx, db.DB); err != nil {
		return err
	}
	if !*reuse {
		var n int
		if err := db.GetContext(ctx, &n, `SELECT count(*) FROM tips`); err != nil {
			return fmt.Errorf("unable to count tips: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("the database holds %d tips; give a fresh database or --reuse", n)
		}
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("unable to create the profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("unable to start the profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	switch {
	case *rate > 0:
		fmt.Fprintf(env.stderr, "load: %d citizens offered %d messages/s in all, %s, limits enforced: %v\n", *citizens, *rate, *mode, *enforce)
	default:
		fmt.Fprintf(env.stderr, "load: %d citizens × %d tips, %s, limits enforced: %v\n", *citizens, *tips, *mode, *enforce)
	}
	start := time.Now()
	res, err := loadtest.Run(ctx, db, loadtest.Options{Citizens: *citizens, TipsPerCitizen: *tips, Duration: *duration,
		EnforceLimits: *enforce, SendPerSecond: *sendRate, Mode: *mode, Workers: *workers, Burst: *burst, Rate: *rate, Log: log})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "load: done in %s\n", time.Since(start).Round(time.Millisecond))
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else if err := res.WriteTable(env.stdout); err != nil {
		return err
	}
	if !res.Check.OK {
		return errors.New("checks failed: messages or tips were lost or doubled (see problems)")
	}
	return nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
