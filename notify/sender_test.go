package notify_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/notify"
)

// robotServer is a fake group robot: it records each call and answers with
// the next of its scripted answers (the last one repeats).
type robotServer struct {
	*httptest.Server
	mu      sync.Mutex
	calls   []call
	answers []answer
}

type call struct {
	query url.Values
	body  map[string]any
}

type answer struct {
	status int
	body   string
}

func newRobot(t *testing.T, answers ...answer) *robotServer {
	rs := &robotServer{answers: answers}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		if err := json.Unmarshal(b, &body); err != nil || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		rs.mu.Lock()
		defer rs.mu.Unlock()
		rs.calls = append(rs.calls, call{query: r.URL.Query(), body: body})
		a := rs.answers[min(len(rs.calls), len(rs.answers))-1]
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *robotServer) got() []call {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]call(nil), rs.calls...)
}

// bundle is a test's database, configuration and sender. The sender's clock
// starts at the real time, since retries are due by the database's clock,
// and moves only when the test moves it.
type bundle struct {
	db  *sqlx.DB
	cfg *config.Config
	now time.Time
	s   *notify.Sender
}

var ok = answer{200, `{"errcode":0,"errmsg":"ok"}`}

func setup(t *testing.T, robots ...config.Robot) *bundle {
	t.Helper()
	cfg := config.Default()
	cfg.Notify.Robots = robots
	b := &bundle{db: pgtest.DB(t), cfg: &cfg, now: time.Now().Truncate(time.Second)}
	b.s = notify.NewSender(b.db, b.cfg, slog.New(slog.DiscardHandler)).WithClock(func() time.Time { return b.now })
	return b
}

// queue queues text for the robots given alerts, committed.
func (b *bundle) queue(t *testing.T, text, key string) {
	t.Helper()
	if _, err := notify.Enqueue(t.Context(), b.db, b.cfg, notify.Notice{Class: config.NoticeAlerts, Kind: "urgent_alert", Text: text, DedupeKey: key}); err != nil {
		t.Fatal(err)
	}
}

func (b *bundle) deliver(t *testing.T) int {
	t.Helper()
	n, err := b.s.Deliver(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type row struct {
	State     string  `db:"state"`
	Attempts  int     `db:"attempts"`
	LastError *string `db:"last_error"`
	Payload   string  `db:"payload"`
}

func (b *bundle) rows(t *testing.T) []row {
	t.Helper()
	var rs []row
	if err := b.db.Select(&rs, `SELECT state, attempts, last_error, payload::text AS payload FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return rs
}

// due makes every pending message due now, as waiting out its backoff would.
func (b *bundle) due(t *testing.T) {
	t.Helper()
	if _, err := b.db.Exec(`UPDATE outbox SET next_attempt_at = now() WHERE state = 'pending'`); err != nil {
		t.Fatal(err)
	}
}

func TestWeComRobotGetsText(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, ok)
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotWeCom, URL: srv.URL + "/cgi-bin/webhook/send?key=k-123", Notices: []string{"alerts"}})
	b.queue(t, "【紧急线索】#7", "")
	if n := b.deliver(t); n != 1 {
		t.Fatalf("claimed %d, want 1", n)
	}
	calls := srv.got()
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	want := map[string]any{"msgtype": "text", "text": map[string]any{"content": "【紧急线索】#7"}}
	if !equalJSON(calls[0].body, want) || calls[0].query.Get("key") != "k-123" {
		t.Fatalf("WeCom got %v %v, want %v with its key", calls[0].body, calls[0].query, want)
	}
	rs := b.rows(t)
	if rs[0].State != "sent" || strings.Contains(rs[0].Payload, "紧急") {
		t.Fatalf("row %+v, want sent with what it said erased", rs[0])
	}
}

func TestDingTalkRobotIsSigned(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, ok)
	const secret = "SEC0123456789abcdef"
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotDingTalk, URL: srv.URL + "/robot/send?access_token=tok", Secret: secret, Notices: []string{"alerts"}})
	b.queue(t, "urgent #7", "")
	b.deliver(t)
	calls := srv.got()
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	q := calls[0].query
	// DingTalk: timestamp in ms; sign = base64(HmacSHA256(key=secret, timestamp+"\n"+secret)), url-encoded.
	ts := strconv.FormatInt(b.now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	if q.Get("access_token") != "tok" || q.Get("timestamp") != ts || q.Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Fatalf("query %v: want access_token, timestamp %s and the documented signature", q, ts)
	}
	want := map[string]any{"msgtype": "text", "text": map[string]any{"content": "urgent #7"}}
	if !equalJSON(calls[0].body, want) {
		t.Fatalf("body %v, want %v", calls[0].body, want)
	}
}

func TestFeishuRobotIsSigned(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, answer{200, `{"code":0,"msg":"success","data":{}}`})
	const secret = "feishu-secret"
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotFeishu, URL: srv.URL + "/open-apis/bot/v2/hook/abc", Secret: secret, Notices: []string{"alerts"}})
	b.queue(t, "紧急 #7", "")
	b.deliver(t)
	calls := srv.got()
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	// Feishu: timestamp in s; sign = base64(HmacSHA256(key=timestamp+"\n"+secret, empty message)).
	ts := strconv.FormatInt(b.now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
	want := map[string]any{"msg_type": "text", "content": map[string]any{"text": "紧急 #7"},
		"timestamp": ts, "sign": base64.StdEncoding.EncodeToString(mac.Sum(nil))}
	if !equalJSON(calls[0].body, want) {
		t.Fatalf("body %v, want %v", calls[0].body, want)
	}
	if rs := b.rows(t); rs[0].State != "sent" {
		t.Fatalf("row %+v, want sent", rs[0])
	}
}

// A 5xx is retried as a counted attempt; the robot's rate-limit code is
// waited out uncounted, with the robot skipped until its minute is over.
func TestRobotRetriesServerErrorsAndRateLimits(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, answer{502, "bad gateway"}, answer{200, `{"errcode":45009,"errmsg":"api freq out of limit"}`}, ok)
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotWeCom, URL: srv.URL + "/?key=k", Notices: []string{"alerts"}})
	b.queue(t, "one", "")

	b.deliver(t)
	r := b.rows(t)[0]
	if r.State != "pending" || r.Attempts != 1 || r.LastError == nil || *r.LastError != "HTTP 502" {
		t.Fatalf("after a 502: %+v, want pending, 1 attempt, HTTP 502", r)
	}
	if n := b.deliver(t); n != 0 {
		t.Fatalf("claimed %d before the backoff ran out", n)
	}
	b.due(t)
	b.deliver(t)
	r = b.rows(t)[0]
	if r.State != "pending" || r.Attempts != 1 || *r.LastError != "HTTP 502" {
		t.Fatalf("after errcode 45009: %+v, want pending, still 1 attempt", r)
	}
	b.due(t)
	if n := b.deliver(t); n != 0 {
		t.Fatalf("claimed %d for a robot that said it is at its limit", n)
	}
	b.now = b.now.Add(time.Minute)
	b.deliver(t)
	if r = b.rows(t)[0]; r.State != "sent" || len(srv.got()) != 3 {
		t.Fatalf("after the minute: %+v after %d calls, want sent after 3", r, len(srv.got()))
	}
}

// Past its attempts a message is given up, and what is kept of the failure
// holds neither the webhook's key nor the secret.
func TestRobotGivesUpWithoutQuotingSecrets(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, ok)
	srv.Close() // nothing answers: connection refused, with the URL in Go's error
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotDingTalk, URL: srv.URL + "/robot/send?access_token=TOKEN-SECRET", Secret: "SIGN-SECRET", Notices: []string{"alerts"}})
	b.s.MaxAttempts = 2
	b.queue(t, "one", "")
	b.deliver(t)
	b.due(t)
	b.deliver(t)
	r := b.rows(t)[0]
	if r.State != "dead" || r.Attempts != 2 || r.LastError == nil {
		t.Fatalf("row %+v, want dead after 2 attempts", r)
	}
	if !strings.Contains(*r.LastError, "unable to reach") || strings.Contains(*r.LastError, "SECRET") || strings.Contains(*r.LastError, "access_token") {
		t.Fatalf("last error %q: want the failure without the URL", *r.LastError)
	}
}

// Robots get only the notices they are given; a dedupe key queues a notice
// once per robot; the messages of one robot go one at a time, in order.
func TestEnqueueByNoticeOncePerKey(t *testing.T) {
	t.Parallel()
	duty, sup := newRobot(t, ok), newRobot(t, ok)
	b := setup(t,
		config.Robot{Name: "duty", Kind: config.RobotWeCom, URL: duty.URL + "/?key=a", Notices: []string{"alerts"}},
		config.Robot{Name: "sup", Kind: config.RobotFeishu, URL: sup.URL + "/hook", Notices: []string{"escalations", "digests"}})
	b.queue(t, "first", "urgent:1")
	b.queue(t, "first again", "urgent:1")
	b.queue(t, "second", "urgent:2")
	if n := b.deliver(t); n != 1 {
		t.Fatalf("claimed %d, want the head of the one robot given alerts", n)
	}
	b.deliver(t)
	b.deliver(t)
	var texts []string
	for _, c := range duty.got() {
		texts = append(texts, c.body["text"].(map[string]any)["content"].(string))
	}
	if strings.Join(texts, "|") != "first|second" || len(sup.got()) != 0 {
		t.Fatalf("duty robot got %q, supervisors' %d calls; want first|second and none", texts, len(sup.got()))
	}
}

// A text longer than WeCom takes (2,048 bytes) goes as several messages, in
// order, each whole lines and within the limit.
func TestLongTextIsSplitForWeCom(t *testing.T) {
	t.Parallel()
	srv := newRobot(t, ok)
	b := setup(t, config.Robot{Name: "duty", Kind: config.RobotWeCom, URL: srv.URL + "/?key=a", Notices: []string{"alerts"}})
	var lines []string
	for i := range 200 {
		lines = append(lines, "第"+strconv.Itoa(i)+"行：湘乡市")
	}
	text := strings.Join(lines, "\n")
	b.queue(t, text, "digest:1")
	for b.deliver(t) > 0 {
	}
	var got []string
	for _, c := range srv.got() {
		content := c.body["text"].(map[string]any)["content"].(string)
		if len(content) > 2048 {
			t.Errorf("a message of %d bytes", len(content))
		}
		got = append(got, content)
	}
	if len(got) < 2 || strings.Join(got, "\n") != text {
		t.Fatalf("%d messages that join to the text: %v", len(got), strings.Join(got, "\n") == text)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
