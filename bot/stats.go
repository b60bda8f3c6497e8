package bot

import (
	"context"
	"time"

	"github.com/tipline/tipline/inbox"
)

// statsLoop keeps the lag and backlog gauges current.
func (s *Service) statsLoop(ctx context.Context) {
	for {
		if _, _, age, err := inbox.Stats(ctx, s.db); err == nil {
			inboxLag.Set(age.Seconds())
		}
		if n, err := outboxBacklogCount(ctx, s.db); err == nil {
			outboxBacklog.Set(float64(n))
		}
		if !sleep(ctx, 15*time.Second) {
			return
		}
	}
}
