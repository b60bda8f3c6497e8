package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// botToken is the token the emulator accepts; the audit checks no log holds it.
const botToken = "7712345:e2e-secret-token-not-for-logs"

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// tiplineBinary builds cmd/tipline once per test binary.
func tiplineBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "tipline-e2e-bin-")
		if buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "tipline")
		args := []string{"build", "-o", buildBin}
		if os.Getenv("E2E_RACE") == "1" {
			args = append(args, "-race")
		}
		args = append(args, "github.com/tipline/tipline/cmd/tipline")
		cmd := exec.Command(goTool(), args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildBin
}

// goTool is the go command: $GO (as make passes it) or the one on PATH.
func goTool() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// keySet is the output of `tipline keygen --env`, and what the test derives
// from it to look into the database as the server would.
type keySet struct {
	env      []string
	anon     *anon.Keys
	receipts []byte
}

func keygen(t testing.TB, bin string) keySet {
	t.Helper()
	out, err := exec.Command(bin, "keygen", "--env").Output()
	if err != nil {
		t.Fatalf("tipline keygen --env: %v", err)
	}
	ks := keySet{}
	vals := map[string][]byte{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("keygen line %q", line)
		}
		ks.env = append(ks.env, line)
		b, err := config.DecodeKey(v)
		if err != nil {
			t.Fatalf("keygen %s: %v", k, err)
		}
		vals[k] = b
	}
	ks.anon, err = anon.NewKeys(vals["TIPLINE_KEYS_REPORTER"], vals["TIPLINE_KEYS_SEAL"])
	if err != nil {
		t.Fatal(err)
	}
	ks.receipts = vals["TIPLINE_KEYS_RECEIPT"]
	if len(ks.receipts) == 0 {
		t.Fatal("keygen printed no receipt key")
	}
	return ks
}

// proc is one started tipline process.
type proc struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	addr    string // admin listen address (also the webhook)
	done    chan struct{}
	err     error
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill(t testing.TB) {
	t.Helper()
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process politely, then firmly.
func (p *proc) stop() {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
}

// cluster is everything one scenario runs against: a database, an emulator,
// keys and the processes started so far (their logs stay for the audit).
type cluster struct {
	t      *testing.T
	bin    string
	dbURL  string
	db     *sqlx.DB
	tg     *telegramtest.Server
	tgURL  string
	keys   keySet
	store  *queue.Store
	logDir string
	// workDir is every process's working and temporary directory, so the
	// audit reads every file they wrote.
	workDir string
	extra   []string // scenario-specific TIPLINE_ variables

	mu    sync.Mutex
	procs []*proc
	seq   int
}

// newCluster prepares a scenario on database dbURL with an emulator serving
// handler (the emulator's own when nil).
func newCluster(t *testing.T, dbURL string, wrap func(http.Handler) http.Handler, extra ...string) *cluster {
	t.Helper()
	bin := tiplineBinary(t)
	c := &cluster{t: t, bin: bin, dbURL: dbURL, keys: keygen(t, bin), logDir: t.TempDir(), workDir: t.TempDir(), extra: extra}
	if err := os.Mkdir(filepath.Join(c.workDir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	c.tg = telegramtest.New(telegramtest.Options{Token: botToken, MaxPendingUpdates: 1 << 20, MaxMessagesPerChat: 1 << 16})
	var h http.Handler = c.tg.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	c.tgURL = "http://" + ln.Addr().String()
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	c.db = db
	cfg := config.Default()
	cfg.Location = time.UTC
	c.store = queue.NewStore(db, &cfg, c.keys.receipts)
	// Cleanups run last-in first-out: processes stop before the emulator and
	// the database go away.
	t.Cleanup(func() {
		_ = srv.Close()
		c.tg.Close()
		db.Close()
	})
	t.Cleanup(c.stopAll)
	return c
}

func (c *cluster) env(addr string, extra ...string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TIPLINE_") {
			env = append(env, kv)
		}
	}
	env = append(env, c.keys.env...)
	env = append(env,
		"TIPLINE_DATABASE_URL="+c.dbURL,
		"TIPLINE_DATABASE_MAX_OPEN_CONNS=10",
		"TIPLINE_BOT_TOKEN="+botToken,
		"TIPLINE_BOT_API_URL="+c.tgURL,
		"TIPLINE_BOT_MODE=polling",
		"TIPLINE_BOT_WORKERS=8",
		"TIPLINE_ADMIN_LISTEN="+addr,
		"TIPLINE_LOG_LEVEL=debug",
		// The burst is one person reporting many times a minute; the limits
		// that stop a flood would stop the test.
		"TIPLINE_LIMITS_TIPS_PER_DAY=100000",
		"TIPLINE_LIMITS_MESSAGES_PER_MINUTE=100000",
		"TIPLINE_LIMITS_SEND_PER_SECOND=100000",
		"TIPLINE_LIMITS_SEND_PER_CHAT_SECOND=100000",
		// The last of a repeated variable wins.
		"TMPDIR="+filepath.Join(c.workDir, "tmp"),
		"HOME="+c.workDir,
	)
	env = append(env, c.extra...)
	return append(env, extra...)
}

// start runs `tipline serve --migrate` with args and waits until it is healthy.
func (c *cluster) start(name, addr string, args []string, extraEnv ...string) *proc {
	c.t.Helper()
	c.mu.Lock()
	c.seq++
	p := &proc{name: name, addr: addr, done: make(chan struct{}),
		logPath: filepath.Join(c.logDir, fmt.Sprintf("%03d-%s.log", c.seq, name))}
	c.procs = append(c.procs, p)
	c.mu.Unlock()
	f, err := os.Create(p.logPath)
	if err != nil {
		c.t.Fatal(err)
	}
	p.cmd = exec.Command(c.bin, append([]string{"serve", "--migrate"}, args...)...)
	p.cmd.Env = c.env(addr, extraEnv...)
	p.cmd.Dir = c.workDir
	p.cmd.Stdout, p.cmd.Stderr = f, f
	if err := p.cmd.Start(); err != nil {
		f.Close()
		c.t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		f.Close()
		close(p.done)
	}()
	if err := waitHealthy(p, 60*time.Second); err != nil {
		c.t.Fatalf("%s: %v\n%s", name, err, tail(p.logPath, 30))
	}
	return p
}

func waitHealthy(p *proc, within time.Duration) error {
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if p.exited() {
			return fmt.Errorf("exited before serving: %v", p.err)
		}
		resp, err := client.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("not healthy in time")
}

func (c *cluster) stopAll() {
	c.mu.Lock()
	procs := append([]*proc(nil), c.procs...)
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range procs {
		wg.Add(1)
		go func() { defer wg.Done(); p.stop() }()
	}
	wg.Wait()
}

// logs returns every log file written so far.
func (c *cluster) logs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := []string{}
	for _, p := range c.procs {
		out = append(out, p.logPath)
	}
	return out
}

// written returns every file the processes wrote so far: their logs and
// whatever is in their working directory, temporary files included.
func (c *cluster) written() []string {
	out := c.logs()
	err := filepath.WalkDir(c.workDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// tail is the last n lines of a file, for failure messages.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	lines := []string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// dumpLogsOnFailure prints the end of every log when the test failed.
func (c *cluster) dumpLogsOnFailure() {
	c.t.Cleanup(func() {
		if !c.t.Failed() {
			return
		}
		for _, p := range c.logs() {
			c.t.Logf("==> %s <==\n%s", filepath.Base(p), tail(p, 40))
		}
	})
}

// waitQuiet waits until every update is processed and every message sent:
// no pending or parked inbox row, no pending outbox row, no unconfirmed update
// in the emulator.
func (c *cluster) waitQuiet(ctx context.Context) error {
	for {
		var pending int
		err := c.db.GetContext(ctx, &pending, `
			SELECT (SELECT count(*) FROM bot_inbox WHERE state IN ('pending', 'parked'))
			     + (SELECT count(*) FROM outbox WHERE state = 'pending')`)
		if err == nil && pending == 0 && c.tg.PendingUpdates() == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not quiet: %d inbox/outbox rows pending, %d updates unconfirmed (last error %v): %w",
				pending, c.tg.PendingUpdates(), err, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
