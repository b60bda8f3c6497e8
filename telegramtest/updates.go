package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"
)

// ErrClosed is returned by waits when the Server is closed.
var ErrClosed = errors.New("telegramtest: server closed")

type pendingUpdate struct {
	id     int64
	chatID int64
	body   json.RawMessage
}

type webhookState struct {
	url            string
	secret         string
	maxConnections int
	inFlight       map[int64]bool // chats with a delivery under way
	active         int
	lastErrorDate  int64
	lastErrorMsg   string
	generation     int // bumped on every set/delete, so old deliveries stop
	running        bool
}

// enqueueLocked gives body (an update object without update_id) the next update_id
// and queues it for getUpdates or the webhook. Callers hold s.mu.
func (s *Server) enqueueLocked(chatID int64, update map[string]any) int64 {
	id := s.nextUpdateID
	s.nextUpdateID++
	update["update_id"] = id
	body, err := json.Marshal(update)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: unable to encode update: %v", err))
	}
	s.pending = append(s.pending, pendingUpdate{id: id, chatID: chatID, body: body})
	if over := len(s.pending) - s.opts.MaxPendingUpdates; over > 0 {
		s.pending = append([]pendingUpdate(nil), s.pending[over:]...)
	}
	s.broadcastLocked()
	return id
}

// PendingUpdates is how many updates are waiting to be confirmed or delivered.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// WaitDelivered waits until no update is pending: every one was confirmed by
// getUpdates or accepted by the webhook.
func (s *Server) WaitDelivered(ctx context.Context) error {
	for {
		s.mu.Lock()
		n := len(s.pending)
		changed := s.changed
		s.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		case <-changed:
		}
	}
}

func (s *Server) getUpdates(r *http.Request, req *request) (any, *APIError) {
	offset, e := req.integer("offset")
	if e != nil {
		return nil, e
	}
	limit, e := req.integer("limit")
	if e != nil {
		return nil, e
	}
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, e := req.integer("timeout")
	if e != nil {
		return nil, e
	}
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()

	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return nil, &APIError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	s.pollerSeq++
	me := s.pollerSeq
	s.broadcastLocked() // an older waiting poll ends with 409
	// Confirming: updates below offset are forgotten; a negative offset keeps only
	// the last -offset updates.
	if offset > 0 {
		i := 0
		for i < len(s.pending) && s.pending[i].id < offset {
			i++
		}
		s.pending = append([]pendingUpdate(nil), s.pending[i:]...)
		s.broadcastLocked()
	} else if offset < 0 && int64(len(s.pending)) > -offset {
		s.pending = append([]pendingUpdate(nil), s.pending[int64(len(s.pending))+offset:]...)
		s.broadcastLocked()
	}
	for {
		if s.pollerSeq != me {
			s.mu.Unlock()
			return nil, &APIError{Code: http.StatusConflict, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if len(s.pending) > 0 || timeout <= 0 || s.closed {
			n := min(int(limit), len(s.pending))
			out := make([]json.RawMessage, n)
			for i := range n {
				out[i] = s.pending[i].body
			}
			s.mu.Unlock()
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			timeout = 0
		case <-r.Context().Done():
			timeout = 0
		}
		s.mu.Lock()
	}
}

var secretTokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(_ *http.Request, req *request) (any, *APIError) {
	url := req.str("url")
	secret := req.str("secret_token")
	if secret != "" && !secretTokenPattern.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn, e := req.integer("max_connections")
	if e != nil {
		return nil, e
	}
	if maxConn <= 0 || maxConn > 100 {
		maxConn = 40
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.boolean("drop_pending_updates") {
		s.pending = nil
	}
	s.webhook.generation++
	s.webhook.url = url
	s.webhook.secret = secret
	s.webhook.maxConnections = int(maxConn)
	s.webhook.lastErrorDate, s.webhook.lastErrorMsg = 0, ""
	s.pollerSeq++ // a waiting getUpdates ends with 409
	if url != "" && !s.webhook.running && !s.closed {
		s.webhook.running = true
		s.wg.Add(1)
		go s.deliverWebhooks()
	}
	s.broadcastLocked()
	return true, nil
}

func (s *Server) deleteWebhook(_ *http.Request, req *request) (any, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.boolean("drop_pending_updates") {
		s.pending = nil
	}
	s.webhook.generation++
	s.webhook.url = ""
	s.webhook.secret = ""
	s.broadcastLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(_ *http.Request, _ *request) (any, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{
		"url":                    s.webhook.url,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.pending),
	}
	if s.webhook.url != "" {
		info["max_connections"] = s.webhook.maxConnections
		if s.webhook.lastErrorDate != 0 {
			info["last_error_date"] = s.webhook.lastErrorDate
			info["last_error_message"] = s.webhook.lastErrorMsg
		}
	}
	return info, nil
}

// deliverWebhooks posts pending updates to the webhook: for each chat the oldest
// pending update, one at a time, so a chat's updates arrive in order while chats
// proceed in parallel up to max_connections.
func (s *Server) deliverWebhooks() {
	defer s.wg.Done()
	// Telegram keeps its connections to a webhook open; Go's default keeps
	// two per host, so up to max_connections deliveries would each dial anew.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 100
	client := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	defer transport.CloseIdleConnections()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.closed {
			s.webhook.running = false
			return
		}
		if s.webhook.url != "" {
			if s.webhook.inFlight == nil {
				s.webhook.inFlight = map[int64]bool{}
			}
			seen := map[int64]bool{}
			for _, u := range s.pending {
				if s.webhook.active >= s.webhook.maxConnections {
					break
				}
				if seen[u.chatID] {
					continue
				}
				seen[u.chatID] = true
				if s.webhook.inFlight[u.chatID] {
					continue
				}
				s.webhook.inFlight[u.chatID] = true
				s.webhook.active++
				s.wg.Add(1)
				go s.deliverOne(client, u, s.webhook.generation)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-s.done:
		}
		s.mu.Lock()
	}
}

// deliverOne posts one update until the webhook accepts it, the webhook changes or
// the server closes.
func (s *Server) deliverOne(client *http.Client, u pendingUpdate, generation int) {
	defer s.wg.Done()
	backoff := s.opts.WebhookRetryMin
	for {
		s.mu.Lock()
		url, secret := s.webhook.url, s.webhook.secret
		stale := s.closed || s.webhook.generation != generation || !s.isPendingLocked(u.id)
		s.mu.Unlock()
		if stale {
			break
		}
		errMsg := postUpdate(client, url, secret, u.body, s.done)
		s.mu.Lock()
		if errMsg == "" {
			s.removePendingLocked(u.id)
			s.mu.Unlock()
			break
		}
		s.webhook.lastErrorDate = s.now().Unix()
		s.webhook.lastErrorMsg = errMsg
		s.mu.Unlock()
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
		}
		backoff = min(backoff*2, s.opts.WebhookRetryMax)
	}
	s.mu.Lock()
	delete(s.webhook.inFlight, u.chatID)
	s.webhook.active--
	s.broadcastLocked()
	s.mu.Unlock()
}

func postUpdate(client *http.Client, url, secret string, body []byte, done <-chan struct{}) string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "Invalid webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "Connection refused"
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Sprintf("Wrong response from the webhook: %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return ""
}

func (s *Server) isPendingLocked(id int64) bool {
	for _, u := range s.pending {
		if u.id == id {
			return true
		}
	}
	return false
}

func (s *Server) removePendingLocked(id int64) {
	for i, u := range s.pending {
		if u.id == id {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			s.broadcastLocked()
			return
		}
	}
}
