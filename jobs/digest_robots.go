package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/notify"
	"github.com/tipline/tipline/outbox"
)

// sendRobots queues the digest for the robots given digests. The outbox's
// dedupe key stands for the delivery record chats and addresses keep: a
// re-run of the period queues nothing new, a resend (its own suffix) does.
func (s *Scheduler) sendRobots(ctx context.Context, d storedDigest, text, suffix string) error {
	if len(s.cfg.Notify.RobotsFor(config.NoticeDigests)) == 0 {
		return nil
	}
	key := fmt.Sprintf("digest:%s:%s:robots%s", d.Job, d.Start.UTC().Format(time.RFC3339), suffix)
	if _, err := notify.Enqueue(ctx, s.db, s.cfg, notify.Notice{
		Class: config.NoticeDigests, Kind: "digest", Lane: outbox.Bulk, Text: text, DedupeKey: key,
	}); err != nil {
		return err
	}
	deliveriesTotal.WithLabelValues("robot", "sent").Inc()
	return nil
}
