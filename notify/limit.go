package notify

import (
	"slices"
	"time"

	"github.com/tipline/tipline/outbox"
)

// record counts a call to robot name at t.
func (s *Sender) record(name string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recent[name] = append(s.recent[name], t)
}

// fill marks robot name as spent for a minute from t, after it said so.
func (s *Sender) fill(name string, t time.Time) {
	r := rates[s.robots[name].Kind]
	s.mu.Lock()
	defer s.mu.Unlock()
	for range r.perMinute {
		s.recent[name] = append(s.recent[name], t)
	}
}

// throttled lists the chat keys of the robots at their rate limit now, for
// the claim to pass over.
func (s *Sender) throttled() []string {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for name, sends := range s.recent {
		sends = slices.DeleteFunc(sends, func(t time.Time) bool { return now.Sub(t) >= time.Minute })
		s.recent[name] = sends
		r := rates[s.robots[name].Kind]
		lastSecond := 0
		for _, t := range sends {
			if now.Sub(t) < time.Second {
				lastSecond++
			}
		}
		if len(sends) >= r.perMinute || (r.perSecond > 0 && lastSecond >= r.perSecond) {
			out = append(out, outbox.RobotKeyPrefix+name)
		}
	}
	return out
}
