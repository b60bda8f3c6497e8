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
//
// Telegram's published limits (30 messages a second overall, about one a
// second per chat, 20 a minute per group) are about messages sent. Edits and
// deletions of messages already sent are not counted against them: a wizard
// that edits its message in place would otherwise spend the budget meant for
// new messages. They have a bucket of their own at the same rate, so a storm
// of edits is still bounded, and every 429 stops them as it stops sends.
type limiter struct {
	mu          sync.Mutex
	now         func() time.Time
	global      tokenBucket // sends
	edits       tokenBucket // edits and deletions
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
		edits:    tokenBucket{capacity: perSecond, rate: perSecond},
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

// take reserves a call to chat key: a send (counted overall and against the
// chat) when send is true, otherwise an edit or deletion (counted in the edits
// bucket only). It returns 0 when the call may go now, having taken the
// tokens, or how long to wait before asking again.
func (l *limiter) take(key string, group, send bool) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	overall := &l.edits
	if send {
		overall = &l.global
	}
	w := max(overall.wait(now), l.pausedUntil.Sub(now))
	b := l.bucket(key, group)
	if send {
		w = max(w, b.wait(now))
	} else if nb := b.notBefore.Sub(now); nb > w {
		w = nb
	}
	if w > 0 {
		return w
	}
	overall.tokens--
	if send {
		b.tokens--
	}
	return 0
}

// available is about how many calls may go at once now, to size a claim: no
// fewer than one, so a claim is never empty for the limits' sake.
func (l *limiter) available() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.global.refill(now)
	l.edits.refill(now)
	n := math.Floor(l.global.tokens) + math.Floor(l.edits.tokens)
	return int(max(1, min(n, 1<<20)))
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

// globalWait is how long until any call, a send or an edit, may go.
func (l *limiter) globalWait() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return max(min(l.global.wait(now), l.edits.wait(now)), l.pausedUntil.Sub(now), 0)
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
