package bot

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/telegramtest"
)

func TestSandboxChatsWithTheBotFromThisComputerOnly(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Mode, f.cfg.Bot.Token = "sandbox", ""
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: f.echo, Renderer: textRenderer{},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.idlePoll = 20 * time.Millisecond
	run(t, s)
	h := s.SandboxHandler()

	far := httptest.NewRequest(http.MethodGet, "/sandbox/", nil)
	far.RemoteAddr = "203.0.113.7:5555"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, far)
	if w.Code != http.StatusForbidden {
		t.Fatalf("remote client: %d", w.Code)
	}

	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	page, err := http.Get(srv.URL + "/sandbox/?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "Tip line sandbox") || !strings.Contains(page.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("page %d %q", page.StatusCode, body)
	}

	cross, _ := http.NewRequest(http.MethodPost, srv.URL+"/sandbox/text", strings.NewReader("text=hi"))
	cross.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, err := http.DefaultClient.Do(cross); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %v %v", resp, err)
	}

	resp, err := http.PostForm(srv.URL+"/sandbox/text", url.Values{"text": {"你好"}})
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("post: %v %v", resp, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(srv.URL + "/sandbox/messages")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "echo: 你好") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer in %s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
