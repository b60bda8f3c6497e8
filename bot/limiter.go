package bot

import (
	"math"
	"sync"
	"time"

	"github.com/tipline/tipline/config"
)

// limiter keeps this replica's sends within Telegram's limits: overall, per
// private chat, per group, and any wait Telegram asked for with a 429. Other
// replicas have their own; a 429 from sharing the bot is honoured all the same.
type limiter struct {
	mu          sync.Mutex
	now         func() time.Time
	global      tokenBucket
	chats       map[string]*tokenBucket
	perChat     float64
	perGroup    float64 // per second
	pausedUntil time.Time
}

// tokenBucket holds up to capacity sends, refilled at rate a second.
type tokenBucket struct {
	capacity, rate, tokens float64
	last                   time.Time
	notBefore              time.Time // a 429's retry_after
}

func (b *tokenBucket) refill(now time.Time) {
	if b.last.IsZero() {
		b.tokens, b.last = b.capacity, now
		return
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(b.capacity, b.tokens+el*b.rate)
		b.last = now
	}
}

// wait is how long until a send may go.
func (b *tokenBucket) wait(now time.Time) time.Duration {
	b.refill(now)
	var w time.Duration
	if b.tokens < 1 {
		w = time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
	}
	if nb := b.notBefore.Sub(now); nb > w {
		w = nb
	}
	return w
}

func newLimiter(l config.Limits, now func() time.Time) *limiter {
	perSecond := float64(max(l.SendPerSecond, 1))
	return &limiter{
		now:      now,
		global:   tokenBucket{capacity: perSecond, rate: perSecond},
		chats:    map[string]*tokenBucket{},
		perChat:  float64(max(l.SendPerChatSecond, 1)),
		perGroup: float64(max(l.SendPerGroupMinute, 1)) / 60,
	}
}

func (l *limiter) bucket(key string, group bool) *tokenBucket {
	b := l.chats[key]
	if b == nil {
		// A private chat may take a short burst (an answer and a new menu);
		// a group's burst is kept small so a digest spreads over the minute.
		b = &tokenBucket{capacity: 2, rate: l.perChat}
		if group {
			b.capacity, b.rate = 3, l.perGroup
		}
		l.chats[key] = b
	}
	return b
}

// take reserves a send to chat key (counted against the chat when chat is
// true, only overall otherwise). It returns 0 when the send may go now, having
// taken the tokens, or how long to wait before asking again.
func (l *limiter) take(key string, group, chat bool) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := max(l.global.wait(now), l.pausedUntil.Sub(now))
	b := l.bucket(key, group)
	if chat {
		w = max(w, b.wait(now))
	} else if nb := b.notBefore.Sub(now); nb > w {
		w = nb
	}
	if w > 0 {
		return w
	}
	l.global.tokens--
	if chat {
		b.tokens--
	}
	return 0
}

// pause honours a 429. Telegram does not say whether the chat or the whole
// bot went too fast, so both wait.
func (l *limiter) pause(key string, group bool, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.now().Add(d)
	b := l.bucket(key, group)
	if until.After(b.notBefore) {
		b.notBefore = until
	}
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
}

// globalWait is how long until any send may go.
func (l *limiter) globalWait() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return max(l.global.wait(now), l.pausedUntil.Sub(now), 0)
}

// throttled lists the chats that cannot take a send now, for the claim to
// skip, and forgets chats that are back to full.
func (l *limiter) throttled() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var out []string
	for k, b := range l.chats {
		if b.wait(now) > 0 {
			out = append(out, k)
		} else if b.tokens >= b.capacity && !b.notBefore.After(now) {
			delete(l.chats, k)
		}
	}
	return out
}
