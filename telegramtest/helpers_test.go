package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

const testToken = "123456:test-token"

func setup(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	s := New(opts)
	u := s.Start()
	t.Cleanup(s.Close)
	return s, u
}

type apiReply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
	status int
}

// call posts params as JSON, as many Telegram clients do.
func call(t *testing.T, base, method string, params map[string]any) apiReply {
	t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(base+"/bot"+testToken+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return decodeReply(t, resp)
}

// callForm posts params url-encoded.
func callForm(t *testing.T, base, token, method string, params url.Values) apiReply {
	t.Helper()
	resp, err := http.PostForm(base+"/bot"+token+"/"+method, params)
	if err != nil {
		t.Fatal(err)
	}
	return decodeReply(t, resp)
}

func decodeReply(t *testing.T, resp *http.Response) apiReply {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r apiReply
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("reply is not JSON: %s", raw)
	}
	r.status = resp.StatusCode
	if r.OK != (resp.StatusCode == http.StatusOK) || (!r.OK && r.ErrorCode != resp.StatusCode) {
		t.Fatalf("status %d disagrees with body %s", resp.StatusCode, raw)
	}
	return r
}

func wantError(t *testing.T, r apiReply, code int, description string) {
	t.Helper()
	if r.OK || r.ErrorCode != code || r.Description != description {
		t.Fatalf("got ok=%v %d %q, want %d %q", r.OK, r.ErrorCode, r.Description, code, description)
	}
}

func wantOK(t *testing.T, r apiReply) {
	t.Helper()
	if !r.OK {
		t.Fatalf("got %d %q, want ok", r.ErrorCode, r.Description)
	}
}

func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fakeClock is a settable clock for rate limit tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
