package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

// call runs the binary's entry point in process, as a user would from a shell.
func call(t *testing.T, environ []string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, environ: environ}
	code = run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// keyEnv returns fresh keys in environment form, made by `tipline keygen --env`.
func keyEnv(t *testing.T) []string {
	code, out, errs := call(t, nil, "", "keygen", "--env")
	if code != 0 {
		t.Fatalf("keygen: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("keygen printed %q", out)
	}
	return lines
}

// emptyDatabase makes a database with no schema at all, to watch migrate work.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Fatal("TEST_DATABASE_URL is not set; run `make test`")
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("tipline_cmd_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("postgres", base); err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestKeygenKeysAreAcceptedAndDistinct(t *testing.T) {
	a, b := keyEnv(t), keyEnv(t)
	for i := range a {
		if a[i] == b[i] {
			t.Fatal("two runs of keygen gave the same key")
		}
	}
	environ := append(a, "TIPLINE_DATABASE_URL=postgres://127.0.0.1:1/none")
	// migrate status gets past config validation and fails only on the database.
	code, _, errs := call(t, environ, "", "migrate", "status")
	if code != 1 || !strings.Contains(errs, "database") || strings.Contains(errs, "keys.") {
		t.Fatalf("code %d: %s", code, errs)
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL=postgres://x/y", "TIPLINE_TIMEZONE=Nowhere/Land")
	code, _, errs := call(t, environ, "", "serve")
	if code != 1 || !strings.Contains(errs, "timezone") {
		t.Fatalf("code %d: %s", code, errs)
	}
	code, _, errs = call(t, []string{"TIPLINE_DATABASE_URL=postgres://x/y"}, "", "migrate", "status")
	if code != 1 || !strings.Contains(errs, "keys.reporter") {
		t.Fatalf("missing keys: code %d: %s", code, errs)
	}
}

// A server with no token on loopback may sit behind a reverse proxy: it refuses
// to start rather than run the sandbox where citizens are expected.
func TestServeRefusesAnImpliedSandbox(t *testing.T) {
	// Refused before the database is reached, which this one cannot be.
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL=postgres://127.0.0.1:1/none")
	code, _, errs := call(t, environ, "", "serve")
	if code != 1 || !strings.Contains(errs, "bot.mode") || !strings.Contains(errs, "bot.token") {
		t.Fatalf("code %d: %s", code, errs)
	}
}

func TestUsage(t *testing.T) {
	if code, _, errs := call(t, nil, "", "fly"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("code %d: %s", code, errs)
	}
	for _, c := range []string{"serve", "migrate", "officer", "keygen", "seed", "emulator"} {
		if code, _, errs := call(t, nil, "", c, "--help"); code != 0 || !strings.Contains(errs, "Usage: tipline "+c) {
			t.Errorf("%s --help: code %d: %s", c, code, errs)
		}
	}
	if code, _, _ := call(t, nil, "", "serve", "--components", "bot,radio"); code != 2 {
		t.Fatalf("unknown component accepted: %d", code)
	}
}

func TestMigrateOfficerLifecycle(t *testing.T) {
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+emptyDatabase(t))
	code, out, errs := call(t, environ, "", "migrate", "status")
	if code != 0 || !strings.Contains(out, "PENDING") {
		t.Fatalf("status on empty: %d %s %s", code, out, errs)
	}
	// serve refuses an out-of-date schema and says how to fix it.
	code, _, errs = call(t, append(environ, "TIPLINE_BOT_MODE=sandbox"), "", "serve")
	if code != 1 || !strings.Contains(errs, "tipline migrate up") {
		t.Fatalf("serve on old schema: %d %s", code, errs)
	}
	if code, out, errs = call(t, environ, "", "migrate", "up"); code != 0 || !strings.Contains(out, "schema is current") {
		t.Fatalf("up: %d %s %s", code, out, errs)
	}
	if code, _, errs = call(t, environ, "correct horse battery\n", "officer", "add", "chen", "--role", "supervisor"); code != 0 {
		t.Fatalf("add: %s", errs)
	}
	if code, _, _ = call(t, environ, "correct horse battery\n", "officer", "add", "chen", "--role", "supervisor"); code != 1 {
		t.Fatal("a second officer with the same name was accepted")
	}
	if code, _, errs = call(t, environ, "short\n", "officer", "passwd", "chen"); code != 1 {
		t.Fatalf("weak password accepted: %s", errs)
	}
	if code, _, _ = call(t, environ, "", "officer", "add", "wu", "--role", "sheriff"); code == 0 {
		t.Fatal("unknown role accepted")
	}
	if code, _, errs = call(t, environ, "", "officer", "disable", "chen"); code != 0 {
		t.Fatalf("disable: %s", errs)
	}
	code, out, _ = call(t, environ, "", "officer", "list")
	if code != 0 || !strings.Contains(out, "chen") || !strings.Contains(out, "supervisor") || !strings.Contains(out, "disabled") {
		t.Fatalf("list: %d %q", code, out)
	}
}

func TestServeAnswersHealthAndStopsOnSignal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+pgtest.URL(t), "TIPLINE_ADMIN_LISTEN="+addr, "TIPLINE_BOT_MODE=sandbox")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &environment{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, environ: environ}, []string{"serve"})
	}()
	base := "http://" + addr
	var resp *http.Response
	for i := 0; i < 200; i++ {
		resp, err = http.Get(base + "/readyz")
		if err == nil {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	if code, out, errs := call(t, nil, "", "healthcheck", "--url", base+"/readyz"); code != 0 || !strings.Contains(out, "ready") {
		t.Fatalf("healthcheck of a ready server: %d %s", code, errs)
	}
	if code, _, _ := call(t, nil, "", "healthcheck", "--url", base+"/nothing-here"); code != 1 {
		t.Fatal("healthcheck passed on a 404")
	}
	for _, path := range []string{"/healthz", "/metrics"} {
		r, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
	}
	r, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	for _, series := range []string{"tipline_queue_tips{", "tipline_http_request_duration_seconds_bucket{", "tipline_outbox_backlog"} {
		if !strings.Contains(string(body), series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after shutdown: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(errb.String(), "KEYS") || strings.Contains(errb.String(), lookup(environ, "TIPLINE_KEYS_SEAL")) {
		t.Fatal("a key appeared in the log")
	}
	fmt.Fprint(&out) // keep out used for debugging output on failure
}

func TestJobsAndDigestCommands(t *testing.T) {
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+pgtest.URL(t))
	code, out, errs := call(t, environ, "", "jobs", "list")
	if code != 0 {
		t.Fatalf("jobs list: %d %s", code, errs)
	}
	for _, job := range []string{"digest_daily", "digest_weekly", "alerts", "purge"} {
		if !strings.Contains(out, job) {
			t.Errorf("jobs list lacks %s:\n%s", job, out)
		}
	}
	code, out, errs = call(t, environ, "", "digest", "preview", "--at", "2026-11-28 08:00")
	if code != 0 || !strings.Contains(out, "2026") {
		t.Fatalf("preview: %d %s %s", code, out, errs)
	}
	code, outEn, _ := call(t, environ, "", "digest", "preview", "--at", "2026-11-28 08:00", "--lang", "en")
	if code != 0 || outEn == out {
		t.Fatalf("english preview: %d %q", code, outEn)
	}
	if code, _, errs = call(t, environ, "", "digest", "preview", "--at", "yesterday-ish"); code != 2 || !strings.Contains(errs, "--at") {
		t.Fatalf("bad --at: %d %s", code, errs)
	}
	if code, _, errs = call(t, environ, "", "digest", "send"); code != 2 || !strings.Contains(errs, "--period") {
		t.Fatalf("send without period: %d %s", code, errs)
	}
}
