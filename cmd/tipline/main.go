// Command tipline is the one binary of Tipline: the server and its operator
// commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	_ "time/tzdata" // timezones work on hosts without tzdata
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

var commands = map[string]command{
	"serve":       {"run the service (bot, admin, jobs)", runServe},
	"migrate":     {"apply or list database migrations: migrate up|status", runMigrate},
	"officer":     {"manage officer accounts: officer add|passwd|disable|enable|list", runOfficer},
	"keygen":      {"print fresh keys for the keys section of the config", runKeygen},
	"seed":        {"fill a database with realistic synthetic tips", runSeed},
	"jobs":        {"list scheduled jobs with their next and last runs: jobs list", runJobs},
	"digest":      {"print or resend a digest: digest preview [--at TIME] [--weekly] | digest send --period START", runDigest},
	"healthcheck": {"exit 0 when a running server is ready (for container health checks)", runHealthcheck},
	"emulator":    {"run the Telegram Bot API emulator standalone (for tests and demos)", runEmulator},
	"load":        {"load-test the citizen side in one process: emulator, bot, citizens; print figures", runLoad},
	"campaign":    {"outreach campaigns and their QR codes: campaign add|list|qr", runCampaign},
}

// environment is what every command reads from the process.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	environ        []string
	stdinIsTTY     bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, environ: os.Environ(), stdinIsTTY: isTerminal(os.Stdin)}
	os.Exit(run(ctx, env, os.Args[1:]))
}

func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.stderr, "tipline: unknown command %q\n\n", args[0])
		usage(env.stderr)
		return 2
	}
	if err := cmd.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintf(env.stderr, "tipline %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(env.stderr, "tipline %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Tipline — anonymous drug-crime tip line (禁毒举报平台)")
	fmt.Fprintln(w, "\nUsage: tipline COMMAND [flags]   (tipline COMMAND --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nConfiguration: --config FILE or TIPLINE_CONFIG; any key from the environment as TIPLINE_<KEY>.")
}

// usageError is a mistake in how a command was called (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newFlags makes a flag set whose --help prints the command's own usage.
func newFlags(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: tipline %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
