package loadtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// apiObserver stands in front of the emulator's Bot API. It tells a citizen
// when the bot has spoken in their chat (so citizens need not all wake on
// every change of the emulator), records every message call the bot makes,
// and checks that the bot waits out every 429 before calling that chat again.
type apiObserver struct {
	next http.Handler
	// sendsOnly tells a citizen only of new messages, not of edits or
	// deletions: in a closed loop an edit that tidies up the last answer
	// must not count as the answer to the next update.
	sendsOnly bool

	mu      sync.Mutex
	t0      time.Time
	waiters map[int64]chan struct{}
	calls   []call    // answered 200
	pauses  pauseBook // 429s and what followed them
}

// call is one successful message call.
type call struct {
	at      time.Duration // since t0
	limited bool          // counted by Telegram's send limits
}

type pauseBook struct {
	seen            int
	unhonoured      int // a call to a chat before its retry_after ran out
	duringOther     int // a call to another chat while the bot was told to wait
	chatUntil       map[int64]time.Time
	globalUntil     time.Time
	globalPausedFor int64
}

func newAPIObserver(next http.Handler) *apiObserver {
	return &apiObserver{next: next, waiters: map[int64]chan struct{}{}, pauses: pauseBook{chatUntil: map[int64]time.Time{}}}
}

// messageMethods are the calls that put or change a message in a chat; the
// first three count against Telegram's send limits.
var messageMethods = map[string]bool{
	"sendmessage": true, "sendphoto": true, "senddocument": true,
	"editmessagetext": false, "editmessagereplymarkup": false, "deletemessage": false,
}

// watch registers a chat whose citizen waits for the bot.
func (a *apiObserver) watch(chatID int64) <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	ch := make(chan struct{}, 1)
	a.waiters[chatID] = ch
	return ch
}

func (a *apiObserver) start(t0 time.Time) {
	a.mu.Lock()
	a.t0 = t0
	a.mu.Unlock()
}

var (
	multipartChat = regexp.MustCompile(`name="chat_id"\r\n\r\n(-?[0-9]+)`)
	jsonChat      = regexp.MustCompile(`"chat_id"\s*:\s*"?(-?[0-9]+)`)
)

func (a *apiObserver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	method = strings.ToLower(method)
	limited, isMessage := messageMethods[method]
	if !isMessage || !strings.HasPrefix(r.URL.Path, "/bot") {
		a.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "unreadable", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	var chatID int64
	if m := multipartChat.FindSubmatch(body); m != nil {
		chatID, _ = strconv.ParseInt(string(m[1]), 10, 64)
	} else if m := jsonChat.FindSubmatch(body); m != nil {
		chatID, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}

	started := time.Now()
	a.mu.Lock()
	if until, ok := a.pauses.chatUntil[chatID]; ok && started.Before(until) {
		a.pauses.unhonoured++
	} else if started.Before(a.pauses.globalUntil) && chatID != a.pauses.globalPausedFor {
		a.pauses.duringOther++
	}
	a.mu.Unlock()

	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	a.next.ServeHTTP(rec, r)
	answered := time.Now()

	a.mu.Lock()
	switch rec.status {
	case http.StatusOK:
		a.calls = append(a.calls, call{at: answered.Sub(a.t0), limited: limited})
	case http.StatusTooManyRequests:
		var rep struct {
			Parameters struct {
				RetryAfter int `json:"retry_after"`
			} `json:"parameters"`
		}
		_ = json.Unmarshal(rec.body.Bytes(), &rep)
		until := answered.Add(time.Duration(rep.Parameters.RetryAfter) * time.Second)
		a.pauses.seen++
		a.pauses.chatUntil[chatID] = until
		if until.After(a.pauses.globalUntil) {
			a.pauses.globalUntil, a.pauses.globalPausedFor = until, chatID
		}
	}
	ch := a.waiters[chatID]
	if a.sendsOnly && (!limited || rec.status != http.StatusOK) {
		ch = nil
	}
	a.mu.Unlock()
	if ch != nil {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// recorder keeps the status and, for error answers, the body.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status != http.StatusOK && r.body.Len() < 4096 {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}
