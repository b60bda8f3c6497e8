package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/internal/uploadtest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// With public.listen set, the web report is served there and only there;
// the admin stays on its own listener; the start banner names the report's
// link; the public listener holds uploads to the web report's body rules.
func TestServePublicListener(t *testing.T) {
	admin, public := freeAddr(t), freeAddr(t)
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+pgtest.URL(t), "TIPLINE_ADMIN_LISTEN="+admin,
		"TIPLINE_PUBLIC_LISTEN="+public, "TIPLINE_PUBLIC_BASE_URL=http://"+public)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &environment{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, environ: environ},
			[]string{"serve", "--components", "web,admin"})
	}()
	get := func(url string) (int, string) {
		t.Helper()
		for i := 0; ; i++ {
			r, err := http.Get(url)
			if err == nil {
				body, _ := io.ReadAll(r.Body)
				r.Body.Close()
				return r.StatusCode, string(body)
			}
			if i == 200 {
				t.Fatalf("%s: %v (%s)", url, err, errb.String())
			}
			select {
			case code := <-done:
				t.Fatalf("serve exited %d: %s", code, errb.String())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	if code, body := get("http://" + public + "/r/"); code != 200 || !strings.Contains(body, `data-page="start"`) {
		t.Fatalf("public /r/: %d %s", code, body)
	}
	if code, _ := get("http://" + admin + "/login"); code != 200 {
		t.Fatalf("admin /login: %d", code)
	}
	if code, _ := get("http://" + admin + "/r/"); code == 200 {
		t.Fatal("the web report is served on the admin's listener too")
	}
	if code, _ := get("http://" + public + "/login"); code == 200 {
		t.Fatal("the admin is served on the public listener")
	}

	body, contentType, length := uploadtest.Multipart(200<<20, "ft", "x")
	req, _ := http.NewRequest(http.MethodPost, "http://"+public+"/r/evidence", body)
	req.ContentLength, req.Header["Content-Type"] = length, []string{contentType}
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
	}
	if err == nil && res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 200 MB upload: %d", res.StatusCode)
	}
	body, contentType, length = uploadtest.Multipart(1<<10, "ft", "x")
	req, _ = http.NewRequest(http.MethodPost, "http://"+public+"/r/where", body)
	req.ContentLength, req.Header["Content-Type"] = length, []string{contentType}
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("files on a form without files: %d", res.StatusCode)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	// Read once serve has returned: it writes the banner while serving.
	if !strings.Contains(out.String(), "http://"+public+"/r/") {
		t.Fatalf("the banner lacks the report's link: %q", out.String())
	}
}
