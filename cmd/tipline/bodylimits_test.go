package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/internal/uploadtest"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

const mib = 1 << 20

// listener is the admin listener as serve builds it: the components on the
// app's mux behind a.handler(), on a server that counts the bytes it reads.
type listener struct {
	t    *testing.T
	a    *app
	srv  *httptest.Server
	read atomic.Int64
}

func startListener(t *testing.T, mode string, components ...string) *listener {
	t.Helper()
	db := pgtest.DB(t)
	cfg := config.Default()
	cfg.Location = time.UTC
	cfg.Bot.Mode = mode
	cfg.Keys = config.Keys{Reporter: randomKey(), Seal: randomKey(), Receipt: randomKey()}
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: &cfg, db: db, queue: queue.NewStore(db, &cfg, receiptKey), keys: keys,
		log: slog.New(slog.DiscardHandler), mux: http.NewServeMux()}
	for _, c := range components {
		if err := startComponent[c](t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	l := &listener{t: t, a: a}
	l.srv = httptest.NewUnstartedServer(a.handler())
	l.srv.Listener = uploadtest.CountReads(l.srv.Listener, &l.read)
	l.srv.Start()
	t.Cleanup(l.srv.Close)
	return l
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails
	return base64.StdEncoding.EncodeToString(b)
}

// do sends body (length -1: chunked) with contentType and returns the status.
func (l *listener) do(c *http.Client, method, path, contentType string, body io.Reader, length int64) int {
	l.t.Helper()
	req, err := http.NewRequest(method, l.srv.URL+path, io.NopCloser(body))
	if err != nil {
		l.t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	res, err := c.Do(req)
	if err != nil {
		l.t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// vmRSS is the resident memory of this process in bytes.
func vmRSS(t *testing.T) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status to read the resident memory from")
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// TestAnonymousUploadsToTheLoginLeaveNothing posts twenty 40 MB files to the
// login (over Go's 32 MiB in memory, so a parse would spill to disk): each is
// refused unread, no temporary file is left, and the process does not grow.
func TestAnonymousUploadsToTheLoginLeaveNothing(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	l := startListener(t, "polling", "admin")
	before := vmRSS(t)
	for i := range 20 {
		body, ct, n := uploadtest.Multipart(40*mib, "username", "admin", "password", "guess")
		if code := l.do(http.DefaultClient, http.MethodPost, "/login", ct, body, n); code != http.StatusUnsupportedMediaType {
			t.Errorf("upload %d: %d, want 415", i, code)
		}
		if left := uploadtest.Spilled(dir); len(left) > 0 {
			t.Fatalf("upload %d left %d temporary files: %v", i, len(left), left)
		}
	}
	after := vmRSS(t)
	t.Logf("resident memory %d MiB before, %d MiB after 20 uploads of 40 MB", before/mib, after/mib)
	if after-before > 30*mib {
		t.Fatalf("resident memory grew by %d MiB, want under 30 MiB", (after-before)/mib)
	}
}

func TestOversizedBodiesAreRefusedUnread(t *testing.T) {
	l := startListener(t, "polling", "admin")

	// Declared too large: refused on the headers, the body never sent.
	conn, err := net.Dial("tcp", l.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute)) // only so that a failure does not hang
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", 200*mib)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a 200 MB login without its body: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("200 MB declared: %d, want 413", res.StatusCode)
	}

	// Chunked: cut at the cap.
	l.read.Store(0)
	body := io.MultiReader(strings.NewReader("username=admin&password="), io.LimitReader(uploadtest.Zeros{}, 200*mib))
	if code := l.do(http.DefaultClient, http.MethodPost, "/login", "application/x-www-form-urlencoded", body, -1); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("200 MB chunked: %d, want 413", code)
	}
	// The cap, what net/http reads to find the end of a refused body (at most
	// 256 KiB), and buffers.
	if n := l.read.Load(); n > adminFormBytes+512<<10 {
		t.Fatalf("the server read %d KiB of a chunked login capped at %d KiB", n>>10, adminFormBytes>>10)
	}

	// The webhook takes Telegram's updates, larger than an admin form.
	for size, refused := range map[int64]bool{512 << 10: false, 2 * mib: true} {
		code := l.do(http.DefaultClient, http.MethodPost, "/telegram/webhook", "application/json", io.LimitReader(uploadtest.Zeros{}, size), size)
		if (code == http.StatusRequestEntityTooLarge) != refused {
			t.Errorf("webhook body of %d KiB: %d", size>>10, code)
		}
	}
}

// TestAdminWorksBehindTheBodyRules logs in and saves the longest note an
// officer may write, through the listener's whole chain.
func TestAdminWorksBehindTheBodyRules(t *testing.T) {
	l := startListener(t, "polling", "admin")
	ctx := t.Context()
	if _, err := officer.NewStore(l.a.db).Create(ctx, "admin", "admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	id, _, err := l.a.queue.Submit(ctx, l.a.db, queue.Submission{Kind: queue.KindReport, ReporterRef: anon.Ref{1},
		Locale: "zh-CN", Category: "selling", AreaCode: "dongshan", Occurred: queue.OccurredToday,
		Description: "东山街道有人卖零包", ContactMode: queue.ContactCode})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := func(v url.Values) (io.Reader, int64) { s := v.Encode(); return strings.NewReader(s), int64(len(s)) }

	body, n := form(url.Values{"username": {"admin"}, "password": {"correct horse battery"}})
	if code := l.do(c, http.MethodPost, "/login", "application/x-www-form-urlencoded", body, n); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	note := strings.Repeat("字", queue.MaxOfficerText)
	body, n = form(url.Values{"body": {note}})
	if code := l.do(c, http.MethodPost, "/tips/"+strconv.FormatInt(id, 10)+"/note", "application/x-www-form-urlencoded", body, n); code != http.StatusSeeOther {
		t.Fatalf("note of %d bytes: %d", n, code)
	}
	var stored int
	if err := l.a.db.GetContext(ctx, &stored, `SELECT char_length(body) FROM notes WHERE tip_id = $1`, id); err != nil {
		t.Fatalf("the note was not stored: %v", err)
	}
	if stored != queue.MaxOfficerText {
		t.Fatalf("stored a note of %d characters", stored)
	}
	// The same form as multipart, which no admin route takes.
	mp, ct, size := uploadtest.Multipart(1 << 10)
	if code := l.do(c, http.MethodPost, "/tips/"+strconv.FormatInt(id, 10)+"/note", ct, mp, size); code != http.StatusUnsupportedMediaType {
		t.Fatalf("multipart note: %d, want 415", code)
	}
}

// TestSandboxTakesFilesBehindTheBodyRules sends the sandbox's forms, a photo
// larger than the memory a form may hold among them, through the chain.
func TestSandboxTakesFilesBehindTheBodyRules(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	l := startListener(t, "sandbox", "bot", "admin")
	mp, ct, n := uploadtest.Multipart(3 * mib)
	if code := l.do(http.DefaultClient, http.MethodPost, "/sandbox/upload", ct, mp, n); code != http.StatusNoContent {
		t.Fatalf("sandbox upload: %d", code)
	}
	mp, ct, n = uploadtest.Multipart(0, "text", "你好")
	if code := l.do(http.DefaultClient, http.MethodPost, "/sandbox/text", ct, mp, n); code != http.StatusNoContent {
		t.Fatalf("sandbox text: %d", code)
	}
	if left := uploadtest.Spilled(dir); len(left) > 0 {
		t.Fatalf("the sandbox's upload left %d temporary files", len(left))
	}
	big := l.a.cfg.Bot.MaxFileBytes + 2*mib
	mp, ct, n = uploadtest.Multipart(big)
	if code := l.do(http.DefaultClient, http.MethodPost, "/sandbox/upload", ct, mp, n); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("sandbox upload of %d MiB: %d, want 413", big/mib, code)
	}
}
