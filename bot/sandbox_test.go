package bot

import (
	"bytes"
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
	var logs bytes.Buffer
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: f.echo, Renderer: textRenderer{},
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "level=WARN msg=\"SANDBOX MODE (bot.mode: sandbox)") {
		t.Fatalf("the sandbox started without a warning: %s", logs.String())
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

	// A reverse proxy on this computer connects from loopback; what it
	// forwards must not pass for the developer at the keyboard.
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Host"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/sandbox/", nil)
		req.Header.Set(h, "for=198.51.100.9")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("request through a proxy (%s): %d", h, resp.StatusCode)
		}
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

// Without a token the bot does not fall back to the sandbox: it refuses to
// start and names the keys that choose how it runs.
func TestSandboxIsNeverImplied(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.cfg.Bot.Mode, f.cfg.Bot.Token = "", ""
	s, err := New(Deps{Config: f.cfg, DB: f.db, Queue: f.queue, Keys: f.keys, Handler: f.echo, Renderer: textRenderer{}})
	if err == nil || !strings.Contains(err.Error(), "bot.mode") || !strings.Contains(err.Error(), "bot.token") {
		t.Fatalf("started without a mode: %v", err)
	}
	if s != nil {
		t.Fatal("a service was returned with the error")
	}
}
