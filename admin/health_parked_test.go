package admin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tipline/tipline/inbox"
)

// parkedBot holds one parked update, as bot_inbox would: the first retry or
// discard takes it, the next finds it gone.
type parkedBot struct {
	mu     sync.Mutex
	parked map[int64]bool
}

func (p *parkedBot) InboxStats(context.Context) (InboxStats, error) { return InboxStats{}, nil }

func (p *parkedBot) ListParked(context.Context, int) ([]inbox.ParkedUpdate, error) { return nil, nil }

func (p *parkedBot) take(what string, id int64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.parked[id] {
		return fmt.Errorf("bot: unable to %s update %d: %w", what, id, inbox.ErrNotParked)
	}
	delete(p.parked, id)
	return nil
}

func (p *parkedBot) RetryParked(_ context.Context, id int64) error   { return p.take("retry", id) }
func (p *parkedBot) DiscardParked(_ context.Context, id int64) error { return p.take("discard", id) }

// TestParkedUpdateGoneIsAMessage: retrying or discarding an update that is no
// longer parked (a double click, two administrators) is a message, not a 500.
func TestParkedUpdateGoneIsAMessage(t *testing.T) {
	t.Parallel()
	pb := &parkedBot{parked: map[int64]bool{7: true, 8: true}}
	b := setupWith(t, func(d *Deps) { d.Bot = pb })
	b.addOfficers("admin")
	c := b.login("admin")
	for _, path := range []string{"/health/parked/7/retry", "/health/parked/7/discard", "/health/parked/8/discard", "/health/parked/8/retry"} {
		res := b.post(c, path, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/health" {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	_, body := b.get(c, "/health")
	if !strings.Contains(body, "已不在搁置状态") {
		t.Error("the second click is not explained")
	}
	var n int
	if err := b.db.Get(&n, `SELECT count(*) FROM audit_log WHERE action IN ('health.retry', 'health.discard')`); err != nil || n != 2 {
		t.Errorf("audited %d parked changes, want the 2 that happened: %v", n, err)
	}
}
