package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. Only Token is required.
type Options struct {
	// Token is the only bot token accepted; others are answered 401 Unauthorized.
	Token string
	// BotUsername is returned by getMe (without @). Defaults to "tipline_test_bot".
	BotUsername string
	// BotFirstName is returned by getMe. Defaults to "Tipline".
	BotFirstName string
	// EnforceLimits applies Telegram's send limits: about 1 message a second per
	// private chat (bursts of 3), 20 a minute per group, 30 a second overall.
	EnforceLimits bool
	// Now is the clock for message dates and rate limits; defaults to time.Now.
	Now func() time.Time
	// MaxPendingUpdates bounds unconfirmed updates; the oldest are dropped past it.
	// Defaults to 10000.
	MaxPendingUpdates int
	// MaxMessagesPerChat bounds the messages remembered per chat (for edits, replies
	// and Messages); the oldest are forgotten past it. Defaults to 1000.
	MaxMessagesPerChat int
	// MaxFileBytes bounds the bytes of stored files; the oldest are forgotten past
	// it. Defaults to 256 MiB.
	MaxFileBytes int64
	// WebhookRetryMin and WebhookRetryMax bound the backoff between webhook
	// deliveries of an update the webhook did not accept. Default 20ms and 1s, much
	// shorter than Telegram's, so tests stay quick.
	WebhookRetryMin, WebhookRetryMax time.Duration
}

// APIError is an error answer of the Bot API.
type APIError struct {
	Code            int
	Description     string
	RetryAfter      int
	MigrateToChatID int64
}

func (e *APIError) Error() string {
	return fmt.Sprintf("telegramtest: %d %s", e.Code, e.Description)
}

// Server is an emulated Telegram Bot API server. All methods are safe for concurrent use.
type Server struct {
	opts  Options
	botID int64

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change of state
	version int64         // counts changes, for the control API's long polls
	done    chan struct{}
	closed  bool

	nextUpdateID int64
	pending      []pendingUpdate
	webhook      webhookState
	pollerSeq    int64 // the newest getUpdates call; older waiting ones get 409

	chats    map[int64]*chat
	migrated map[int64]int64
	users    map[int64]*User
	userSeq  int64
	groupSeq int64
	albumSeq int64

	files     map[string]*storedFile
	filePaths map[string]string
	fileOrder []string
	fileBytes int64
	fileSeq   int64

	callbacks     map[string]*CallbackAnswer
	callbackSeq   int64
	callbackOrder []string
	commands      map[string]json.RawMessage
	requests      map[string]int
	sent          int
	faults        []queuedFault
	hangs         []queuedHang
	injector      func(method string) *APIError
	globalBucket  bucket

	controlOnce sync.Once
	controlMux  *http.ServeMux

	httpServer *httptest.Server
	wg         sync.WaitGroup
}

// New makes a Server. Call Start for a listening URL or use Handler directly.
func New(opts Options) *Server {
	if opts.BotUsername == "" {
		opts.BotUsername = "tipline_test_bot"
	}
	if opts.BotFirstName == "" {
		opts.BotFirstName = "Tipline"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxPendingUpdates <= 0 {
		opts.MaxPendingUpdates = 10000
	}
	if opts.MaxMessagesPerChat <= 0 {
		opts.MaxMessagesPerChat = 1000
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = 256 << 20
	}
	if opts.WebhookRetryMin <= 0 {
		opts.WebhookRetryMin = 20 * time.Millisecond
	}
	if opts.WebhookRetryMax <= 0 {
		opts.WebhookRetryMax = time.Second
	}
	// A token looks like "<bot id>:<secret>"; getMe reports that id, like Telegram.
	var botID int64 = 7000000001
	if before, _, ok := strings.Cut(opts.Token, ":"); ok {
		if id, err := strconv.ParseInt(before, 10, 64); err == nil && id > 0 {
			botID = id
		}
	}
	return &Server{
		opts:         opts,
		botID:        botID,
		changed:      make(chan struct{}),
		done:         make(chan struct{}),
		nextUpdateID: 100000001,
		chats:        map[int64]*chat{},
		migrated:     map[int64]int64{},
		users:        map[int64]*User{},
		files:        map[string]*storedFile{},
		filePaths:    map[string]string{},
		callbacks:    map[string]*CallbackAnswer{},
		commands:     map[string]json.RawMessage{},
		requests:     map[string]int{},
		globalBucket: bucket{capacity: 30, perSecond: 30},
	}
}

// Start serves the API on a loopback port and returns its base URL, to pass to
// bot.WithServerURL.
func (s *Server) Start() string {
	s.httpServer = httptest.NewServer(s.Handler())
	return s.httpServer.URL
}

// URL is the base URL of a started Server, or "" before Start.
func (s *Server) URL() string {
	if s.httpServer == nil {
		return ""
	}
	return s.httpServer.URL
}

// Close wakes every waiting long poll, stops webhook delivery and, if Start was
// called, stops listening.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
		s.broadcastLocked()
	}
	s.mu.Unlock()
	if s.httpServer != nil {
		s.httpServer.Close()
	}
	s.wg.Wait()
}

// ListenAndServe serves the API on addr until the Server is closed.
func (s *Server) ListenAndServe(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("telegramtest: unable to listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-s.done
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("telegramtest: unable to serve: %w", err)
	}
	return nil
}

// Serve runs an emulator on addr until ctx is done, for standalone use (a sandbox).
func Serve(ctx context.Context, addr string, opts Options) error {
	s := New(opts)
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s.ListenAndServe(addr)
}

// Done is closed when the Server is closed.
func (s *Server) Done() <-chan struct{} { return s.done }

// broadcastLocked wakes everyone waiting for a change. Callers hold s.mu.
func (s *Server) broadcastLocked() {
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) now() time.Time { return s.opts.Now() }

// Requests counts the API calls answered so far, by method name as called.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.requests))
	for k, v := range s.requests {
		out[k] = v
	}
	return out
}

// SentCount is how many messages the bot has sent successfully, in all chats.
func (s *Server) SentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// SendTimes are the times (by Options.Now) of the bot's successful sends to a chat,
// oldest first, the last MaxMessagesPerChat of them.
func (s *Server) SendTimes(chatID int64) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	return append([]time.Time(nil), c.sendTimes...)
}

// Commands returns the JSON array last set by setMyCommands for a scope type
// ("default", "all_private_chats", …) and language code ("" for all languages).
func (s *Server) Commands(scope, languageCode string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope+"|"+languageCode]
}
