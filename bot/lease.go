package bot

import (
	"context"
	"time"
)

// senderBeat is how often the sender records that it is alive, and
// senderStale how old another sender's heartbeat may grow before its leases
// are given back: a few missed beats, so a process busy for a moment keeps
// its leases, and a dead one's chats wait seconds rather than the lease.
const (
	senderBeat  = time.Second
	senderStale = 3 * time.Second
)

// heartbeatLoop keeps this service's sender alive in the outbox and gives
// back the leases of senders that stopped (see outbox.Sender), until ctx is
// done.
func (s *Service) heartbeatLoop(ctx context.Context) {
	t := time.NewTicker(senderBeat)
	defer t.Stop()
	for {
		s.beat(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) beat(ctx context.Context) {
	n, err := s.sender.Beat(ctx, s.db, senderStale)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("unable to record the sender's heartbeat", "err", err)
		}
		return
	}
	if n > 0 {
		s.log.Info("gave back the outbox leases of a stopped process", "leases", n)
		notify(s.wakeSender)
	}
}

// leave gives back the leases the sender still holds, once its deliveries
// are over, so a clean shutdown leaves its chats to the others at once.
func (s *Service) leave(ctx context.Context) {
	if err := s.sender.Leave(context.WithoutCancel(ctx), s.db); err != nil {
		s.log.Warn("unable to give back the outbox leases", "err", err)
	}
}
