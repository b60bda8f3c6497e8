package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
)

// timings pairs each update's arrival with the moment its reply was written,
// and counts what intake accepted and the workers processed.
type timings struct {
	mu       sync.Mutex
	arrived  map[int64]time.Time // by update_id (webhook) or chat id (polling)
	accepted int                 // webhook answers 200
	refused  int                 // other webhook answers
	handled  int
	latency  []time.Duration // arrival → reply written
	waited   []time.Duration // arrival → conversation called
	handling []time.Duration // conversation called → returned
	// queued holds, per chat, when each update not yet handled was offered
	// (open loop); a chat's updates are handled in order, so the oldest is
	// the one handled next.
	queued    map[int64][]time.Time
	fromOffer []time.Duration // offered → reply written
	// inHand is each update the conversation returned from, until its
	// transaction commits (a worker commits up to eight together).
	inHand map[int64]handledUpdate
}

// handledUpdate is when the conversation was called and returned for an update.
type handledUpdate struct {
	chat         int64
	called, done time.Time
}

func newTimings() *timings {
	return &timings{arrived: map[int64]time.Time{}, queued: map[int64][]time.Time{}, inHand: map[int64]handledUpdate{}}
}

// offered notes when the open loop offers an update to chatID.
func (t *timings) offered(chatID int64, at time.Time) {
	t.mu.Lock()
	t.queued[chatID] = append(t.queued[chatID], at)
	t.mu.Unlock()
}

// webhook notes when each update's request starts and counts the answers.
func (t *timings) webhook(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		var head struct {
			UpdateID int64 `json:"update_id"`
		}
		_ = json.Unmarshal(body, &head)
		t.mu.Lock()
		t.arrived[head.UpdateID] = start
		t.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		t.mu.Lock()
		if sw.status == http.StatusOK {
			t.accepted++
		} else {
			t.refused++
		}
		t.mu.Unlock()
	})
}

// posted notes when a citizen posts an update, for polling, where the
// arrival at the bot is hidden inside its poll loop.
func (t *timings) posted(chatID int64, at time.Time) {
	t.mu.Lock()
	t.arrived[-chatID] = at
	t.mu.Unlock()
}

func (t *timings) handler() *timedHandler { return &timedHandler{t: t} }

// timedHandler is the conversation, timed: when it returns, the reply rows are
// written in the update's transaction; committed says when that commits.
type timedHandler struct {
	t     *timings
	inner botapi.Handler
}

func (h *timedHandler) Handle(ctx context.Context, tx botapi.Tx, u *models.Update) error {
	called := time.Now()
	if err := h.inner.Handle(ctx, tx, u); err != nil {
		return err
	}
	h.t.mu.Lock()
	defer h.t.mu.Unlock()
	// An update handled again (its batch undone) keeps its last handling.
	h.t.inHand[int64(u.ID)] = handledUpdate{chat: chatOf(u), called: called, done: time.Now()}
	return nil
}

// committed closes the updates whose transaction committed: their replies are
// written for good now, which is what the latency runs to.
func (t *timings) committed(ids []int64) {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range ids {
		h, ok := t.inHand[id]
		if !ok {
			continue // its conversation failed: it is counted when redone
		}
		delete(t.inHand, id)
		t.handled++
		start, ok := t.arrived[id]
		if ok {
			delete(t.arrived, id)
		} else if h.chat != 0 {
			start, ok = t.arrived[-h.chat]
			delete(t.arrived, -h.chat)
		}
		if ok {
			t.latency = append(t.latency, now.Sub(start))
			t.waited = append(t.waited, h.called.Sub(start))
		}
		t.handling = append(t.handling, h.done.Sub(h.called))
		if h.chat != 0 && len(t.queued[h.chat]) > 0 {
			t.fromOffer = append(t.fromOffer, now.Sub(t.queued[h.chat][0]))
			t.queued[h.chat] = t.queued[h.chat][1:]
		}
	}
}

func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Percentiles summarise durations in milliseconds.
type Percentiles struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(q float64) float64 {
		i := int(q*float64(len(s))+0.5) - 1
		i = min(max(i, 0), len(s)-1)
		return float64(s[i].Microseconds()) / 1000
	}
	return Percentiles{Count: len(s), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: at(1)}
}
