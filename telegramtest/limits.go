package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// bucket is a token bucket: capacity sends at once, refilled at perSecond.
type bucket struct {
	capacity  float64
	perSecond float64
	tokens    float64
	last      time.Time
	started   bool
}

// wait is how long until a token is available at now; 0 when one is.
func (b *bucket) wait(now time.Time) time.Duration {
	if !b.started {
		b.started, b.tokens, b.last = true, b.capacity, now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(b.capacity, b.tokens+el*b.perSecond)
		b.last = now
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / b.perSecond * float64(time.Second))
}

func (b *bucket) take() { b.tokens-- }

// admitSendLocked applies Telegram's send limits to one send to c, when enforced.
func (s *Server) admitSendLocked(c *chat) *APIError {
	if !s.opts.EnforceLimits {
		return nil
	}
	now := s.now()
	w := max(s.globalBucket.wait(now), c.bucket.wait(now))
	if w > 0 {
		secs := int(math.Ceil(w.Seconds()))
		return &APIError{
			Code:        http.StatusTooManyRequests,
			Description: fmt.Sprintf("Too Many Requests: retry after %d", secs),
			RetryAfter:  secs,
		}
	}
	s.globalBucket.take()
	c.bucket.take()
	return nil
}

// recordSendLocked counts a successful send to c.
func (s *Server) recordSendLocked(c *chat) {
	s.sent++
	c.sendTimes = append(c.sendTimes, s.now())
	if over := len(c.sendTimes) - s.opts.MaxMessagesPerChat; over > 0 {
		c.sendTimes = append([]time.Time(nil), c.sendTimes[over:]...)
	}
}
