package bodycap_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/bodycap"
	"github.com/tipline/tipline/internal/uploadtest"
)

const mib = 1 << 20

// copying stands for every wrapper that hands its inner handler a copy of the
// request, as metrics, scs and the admin's own middleware do.
func copying(next http.Handler) http.Handler {
	type key struct{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, 1)))
	})
}

// tempDir points os.TempDir, where multipart forms spill, at a fresh directory.
func tempDir(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

// post sends body; length -1 sends it chunked.
func post(t *testing.T, url, contentType string, body io.Reader, length int64) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, io.NopCloser(body))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var uploadRules = []bodycap.Rule{
	{Pattern: "POST /upload", MaxBytes: 8 * mib, Multipart: true, Memory: 64 << 10},
	{Pattern: "POST /form", MaxBytes: 64 << 10},
	{Pattern: "POST /json", MaxBytes: 64 << 10},
	{Pattern: "/", MaxBytes: 1 << 10},
}

func TestSpilledFilesAreRemovedWhenTheHandlerReturns(t *testing.T) {
	dir := tempDir(t)
	var sawSpill atomic.Int32
	h := copying(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, fh, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.Close()
		if fh.Size == 3*mib && len(uploadtest.Spilled(dir)) > 0 {
			sawSpill.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	srv := httptest.NewServer(bodycap.New(uploadRules)(copying(h)))
	defer srv.Close()

	for range 5 {
		body, ct, n := uploadtest.Multipart(3 * mib)
		if code, msg := post(t, srv.URL+"/upload", ct, body, n); code != http.StatusNoContent {
			t.Fatalf("upload: %d %s", code, msg)
		}
		if left := uploadtest.Spilled(dir); len(left) > 0 {
			t.Fatalf("after the handler returned, %d temporary files are left: %v", len(left), left)
		}
	}
	// Without this the test would pass with forms that never reached the disk.
	if sawSpill.Load() != 5 {
		t.Fatalf("the form spilled to disk in %d of 5 uploads", sawSpill.Load())
	}
}

func TestFailedUploadsLeaveNoFile(t *testing.T) {
	dir := tempDir(t)
	var reached atomic.Int32
	srv := httptest.NewServer(bodycap.New(uploadRules)(copying(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
	}))))
	defer srv.Close()

	// Chunked, past the cap after spilling to disk.
	body, ct, _ := uploadtest.Multipart(20 * mib)
	if code, _ := post(t, srv.URL+"/upload", ct, body, -1); code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked upload past the cap: %d, want 413", code)
	}
	// Cut off after 2 MiB: no closing boundary.
	body, ct, _ = uploadtest.Multipart(20 * mib)
	if code, _ := post(t, srv.URL+"/upload", ct, io.LimitReader(body, 2*mib), -1); code != http.StatusBadRequest {
		t.Errorf("truncated upload: %d, want 400", code)
	}
	if reached.Load() != 0 {
		t.Errorf("the handler ran for %d refused uploads", reached.Load())
	}
	if left := uploadtest.Spilled(dir); len(left) > 0 {
		t.Fatalf("refused uploads left %d temporary files", len(left))
	}
}

func TestMultipartIsRefusedWhereNoFilesAreTaken(t *testing.T) {
	dir := tempDir(t)
	var reached atomic.Int32
	srv := httptest.NewServer(bodycap.New(uploadRules)(copying(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		_ = r.ParseMultipartForm(0) // what a handler's r.FormValue would do
	}))))
	defer srv.Close()

	for _, path := range []string{"/form", "/json", "/elsewhere"} {
		body, ct, n := uploadtest.Multipart(512)
		code, page := post(t, srv.URL+path, ct, body, n)
		if code != http.StatusUnsupportedMediaType {
			t.Errorf("multipart to %s: %d, want 415", path, code)
		}
		if !strings.Contains(page, "此处不能上传文件") {
			t.Errorf("multipart to %s answered %q", path, page)
		}
	}
	// A rule taking files takes forms, not other multipart bodies.
	if code, _ := post(t, srv.URL+"/upload", "multipart/mixed; boundary=x", strings.NewReader("--x--\r\n"), 7); code != http.StatusUnsupportedMediaType {
		t.Errorf("multipart/mixed to /upload: %d, want 415", code)
	}
	if reached.Load() != 0 || len(uploadtest.Spilled(dir)) != 0 {
		t.Fatalf("refused multipart reached the handler %d times, left %d files", reached.Load(), len(uploadtest.Spilled(dir)))
	}
}

func TestDeclaredLengthOverTheCapIsRefusedUnread(t *testing.T) {
	var reached atomic.Int32
	srv := httptest.NewServer(bodycap.New(uploadRules)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
	})))
	defer srv.Close()

	for _, path := range []string{"/form", "/upload"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		// Only the headers are sent: a server that waited for the 200 MB would
		// never answer, and the deadline only keeps a failure from hanging.
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", path, 200*mib)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		res.Body.Close()
		conn.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !res.Close {
			t.Errorf("%s: %d close=%v, want 413 and the connection closed", path, res.StatusCode, res.Close)
		}
	}
	if reached.Load() != 0 {
		t.Fatal("the handler ran")
	}
}

func TestChunkedBodyIsCutAtTheCap(t *testing.T) {
	var read atomic.Int64
	var handlerErr atomic.Value
	srv := httptest.NewUnstartedServer(bodycap.New(uploadRules)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A JSON route's handler reads the body itself, capped.
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			handlerErr.Store(err.Error())
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		}
	})))
	srv.Listener = uploadtest.CountReads(srv.Listener, &read)
	srv.Start()
	defer srv.Close()

	for path, ct := range map[string]string{"/form": "application/x-www-form-urlencoded", "/json": "application/json"} {
		read.Store(0)
		body := io.MultiReader(strings.NewReader("a="), io.LimitReader(uploadtest.Zeros{}, 200*mib))
		if code, _ := post(t, srv.URL+path, ct, body, -1); code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", path, code)
		}
		// The cap, what net/http reads to find the end of a refused body
		// (at most 256 KiB), and its buffers.
		if n := read.Load(); n > 64<<10+512<<10 {
			t.Errorf("%s: the server read %d bytes of a body capped at 64 KiB", path, n)
		}
	}
	if msg, _ := handlerErr.Load().(string); !strings.Contains(msg, "too large") {
		t.Errorf("the JSON handler read past the cap: %q", msg)
	}
}

func TestFormsAreParsedOnceForEveryCopy(t *testing.T) {
	srv := httptest.NewServer(bodycap.New(uploadRules)(copying(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.PostFormValue("name"))
	}))))
	defer srv.Close()
	if code, got := post(t, srv.URL+"/form", "application/x-www-form-urlencoded", strings.NewReader("name=%E7%8E%8B"), -1); code != 200 || got != "王" {
		t.Fatalf("form: %d %q", code, got)
	}
	if code, got := post(t, srv.URL+"/form", "application/x-www-form-urlencoded", strings.NewReader("name=%zz"), -1); code != http.StatusBadRequest {
		t.Fatalf("malformed form: %d %q, want 400", code, got)
	}
	// No rule for a path: "/" applies. No "/" rule: no body at all.
	if code, _ := post(t, srv.URL+"/elsewhere", "application/x-www-form-urlencoded", strings.NewReader(strings.Repeat("a", 2<<10)), -1); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 KiB to the 1 KiB default: %d", code)
	}
	bare := httptest.NewServer(bodycap.New(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	defer bare.Close()
	if code, _ := post(t, bare.URL+"/x", "application/json", strings.NewReader("{}"), 2); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body where no rule matches: %d, want 413", code)
	}
	if res, err := http.Get(bare.URL + "/x"); err != nil || res.StatusCode != 200 {
		t.Fatalf("a GET where no rule matches: %v %v", res, err)
	}
}

func TestRefusalSpeaksTheClientsLanguage(t *testing.T) {
	srv := httptest.NewServer(bodycap.New(uploadRules)(http.NotFoundHandler()))
	defer srv.Close()
	for lang, want := range map[string]string{"": "提交的内容太大", "zh-CN,zh;q=0.9": "提交的内容太大", "en-GB,en;q=0.8": "The submission is too large"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/form", strings.NewReader(strings.Repeat("secret", 20000)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", lang)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), want) || strings.Contains(string(page), "secret") {
			t.Errorf("Accept-Language %q: %d %q", lang, res.StatusCode, page)
		}
	}
	// A rule may answer in its own words.
	own := httptest.NewServer(bodycap.New([]bodycap.Rule{{Pattern: "/", Refuse: func(w http.ResponseWriter, _ *http.Request, status int) {
		http.Error(w, "own page", status)
	}}})(http.NotFoundHandler()))
	defer own.Close()
	if code, page := post(t, own.URL+"/", "text/plain", strings.NewReader("x"), 1); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "own page") {
		t.Errorf("Refuse: %d %q", code, page)
	}
}

// TestHeapStaysFlatWhileUploadsWait holds eight 8 MiB uploads in their handlers
// at once and weighs the heap then: files past the rule's Memory wait on disk.
// Go's own default (32 MiB in memory) would hold all 64 MiB.
func TestHeapStaysFlatWhileUploadsWait(t *testing.T) {
	tempDir(t)
	const uploads = 8
	var arrived sync.WaitGroup
	arrived.Add(uploads)
	release := make(chan struct{})
	rules := []bodycap.Rule{{Pattern: "POST /upload", MaxBytes: 9 * mib, Multipart: true, Memory: 256 << 10}}
	srv := httptest.NewServer(bodycap.New(rules)(copying(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := r.FormFile("file"); err != nil {
			t.Error(err)
		}
		arrived.Done()
		<-release
	}))))
	defer srv.Close()

	before := heap()
	var done sync.WaitGroup
	for range uploads {
		done.Go(func() {
			body, ct, n := uploadtest.Multipart(8 * mib)
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload", io.NopCloser(body))
			req.ContentLength = n
			req.Header.Set("Content-Type", ct)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		})
	}
	arrived.Wait()
	during := heap()
	close(release)
	done.Wait()
	t.Logf("heap %d MiB before, %d MiB with %d uploads of 8 MiB held", before/mib, during/mib, uploads)
	if grew := int64(during) - int64(before); grew > 30*mib {
		t.Fatalf("the heap grew by %d MiB while %d uploads waited, want under 30 MiB", grew/mib, uploads)
	}
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
