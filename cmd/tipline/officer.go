package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/tipline/tipline/officer"
)

func runOfficer(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "officer", "officer add USERNAME --role officer|supervisor|leader|admin|counsellor | passwd USERNAME | disable USERNAME | enable USERNAME | list")
	cfgPath := configFlag(fs)
	role := fs.String("role", "officer", "role for add: officer, supervisor, leader, admin or counsellor")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		fs.Usage()
		return usageError{"want add, passwd, disable, enable or list"}
	}
	verb := rest[0]
	needName := verb != "list"
	if needName && len(rest) != 2 || !needName && len(rest) != 1 {
		fs.Usage()
		return usageError{fmt.Sprintf("%s takes %s", verb, map[bool]string{true: "one USERNAME", false: "no arguments"}[needName])}
	}
	cfg, db, err := connect(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	store := officer.NewStore(db)
	switch verb {
	case "add":
		pw, err := readPassword(env, "Password for "+rest[1])
		if err != nil {
			return err
		}
		o, err := store.Create(ctx, rest[1], officer.Role(*role), pw)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "added %s (%s)\n", o.Username, o.Role)
	case "passwd":
		pw, err := readPassword(env, "New password for "+rest[1])
		if err != nil {
			return err
		}
		if err := store.SetPassword(ctx, rest[1], pw, false); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "password of %s changed; its sessions are ended\n", rest[1])
	case "disable":
		if err := store.Disable(ctx, rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s disabled\n", rest[1])
	case "enable":
		if err := store.Enable(ctx, rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s enabled\n", rest[1])
	case "list":
		list, err := store.List(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tTOTP\tSTATUS\tLAST LOGIN")
		for _, o := range list {
			status, last, totp := "active", "-", "no"
			if o.Disabled {
				status = "disabled"
			}
			if o.LastLoginAt != nil {
				last = o.LastLoginAt.In(cfg.Location).Format("2006-01-02 15:04")
			}
			if o.TOTPEnrolled {
				totp = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.Username, o.Role, totp, status, last)
		}
		return tw.Flush()
	default:
		fs.Usage()
		return usageError{fmt.Sprintf("unknown officer command %q", verb)}
	}
	return nil
}

// readPassword prompts without echo on a terminal, and otherwise reads one line
// from stdin so scripts can pipe a password in.
func readPassword(env *environment, prompt string) (string, error) {
	if env.stdinIsTTY {
		fmt.Fprintf(env.stderr, "%s: ", prompt)
		pw, err := term.ReadPassword(0)
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(env.stderr, "Again: ")
		again, err := term.ReadPassword(0)
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		if string(pw) != string(again) {
			return "", fmt.Errorf("the passwords differ")
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return line, nil
}

// parseInterleaved lets flags follow positional arguments, as in
// `officer add demo --role admin`.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
