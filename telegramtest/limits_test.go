package telegramtest

import (
	"testing"
	"time"
)

func TestRateLimitsWhenEnforced(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	s, base := setup(t, Options{EnforceLimits: true, Now: clock.Now})
	u := s.NewUser(UserOptions{ID: 3001})
	send := func(chatID int64) apiReply {
		return call(t, base, "sendMessage", map[string]any{"chat_id": chatID, "text": "x"})
	}
	// A private chat takes a small burst, then about one a second.
	for range 3 {
		wantOK(t, send(3001))
	}
	r := send(3001)
	wantError(t, r, 429, "Too Many Requests: retry after 1")
	if r.Parameters.RetryAfter != 1 {
		t.Fatalf("retry_after = %d", r.Parameters.RetryAfter)
	}
	clock.Advance(time.Second)
	wantOK(t, send(3001))
	if n := len(s.SendTimes(u.ChatID())); n != 4 {
		t.Fatalf("%d send times, want 4", n)
	}

	// A group takes 20 a minute.
	g := s.NewGroup("Office")
	clock.Advance(time.Minute)
	for range 20 {
		wantOK(t, send(g.ChatID()))
		clock.Advance(40 * time.Millisecond) // stay under 30/s overall
	}
	r = send(g.ChatID())
	if r.ErrorCode != 429 || r.Parameters.RetryAfter < 2 || r.Parameters.RetryAfter > 3 {
		t.Fatalf("21st group message: %d retry_after %d", r.ErrorCode, r.Parameters.RetryAfter)
	}

	// 30 a second overall, across chats.
	clock.Advance(time.Minute)
	for i := range 30 {
		s.NewUser(UserOptions{ID: int64(3100 + i)})
		wantOK(t, send(int64(3100+i)))
	}
	s.NewUser(UserOptions{ID: 3200})
	wantError(t, send(3200), 429, "Too Many Requests: retry after 1")
}

func TestNoLimitsByDefault(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	s.NewUser(UserOptions{ID: 3301})
	for range 50 {
		wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 3301, "text": "x"}))
	}
	if s.SentCount() != 50 {
		t.Fatalf("SentCount = %d", s.SentCount())
	}
}
