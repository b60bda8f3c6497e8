package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/outbox"
)

// Sender delivers the robots' outbox rows. Several replicas may run one:
// rows are leased as the bot's sender leases its own (outbox.ClaimRobots).
type Sender struct {
	db     *sqlx.DB
	robots map[string]config.Robot
	client *http.Client
	log    *slog.Logger
	now    func() time.Time

	// Poll is how often an idle sender looks for messages.
	Poll time.Duration
	// RetryBase is the first retry's wait, doubled per failed attempt up
	// to RetryMax.
	RetryBase, RetryMax time.Duration
	// MaxAttempts failed attempts give a message up (dead).
	MaxAttempts int

	mu     sync.Mutex
	recent map[string][]time.Time // sends per robot in the last minute
}

// lease covers one webhook call with its timeout and the record after it.
const lease = time.Minute

// NewSender returns a sender for cfg's robots.
func NewSender(db *sqlx.DB, cfg *config.Config, log *slog.Logger) *Sender {
	robots := map[string]config.Robot{}
	for _, r := range cfg.Notify.Robots {
		robots[r.Name] = r
	}
	return &Sender{
		db: db, robots: robots, log: log, now: time.Now,
		client: &http.Client{Timeout: 15 * time.Second},
		Poll:   2 * time.Second, RetryBase: 10 * time.Second, RetryMax: 10 * time.Minute, MaxAttempts: 12,
		recent: map[string][]time.Time{},
	}
}

// WithClock returns the sender reading the time from now (signatures, rate
// windows), for tests.
func (s *Sender) WithClock(now func() time.Time) *Sender {
	s.now = now
	return s
}

// WithClient makes the sender call webhooks through c.
func (s *Sender) WithClient(c *http.Client) *Sender {
	s.client = c
	return s
}

// Run delivers until ctx is done. With no robot configured it only waits,
// so a replica's component list need not change with the configuration.
func (s *Sender) Run(ctx context.Context) error {
	if len(s.robots) == 0 {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(s.Poll)
	defer t.Stop()
	for {
		n, err := s.Deliver(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("notify: unable to deliver robot messages", "err", err)
		}
		if n > 0 && err == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Deliver claims the due head message of every robot not at its rate limit,
// sends them at once, records each outcome, and returns how many it claimed.
func (s *Sender) Deliver(ctx context.Context) (int, error) {
	rows, err := outbox.ClaimRobots(ctx, s.db, max(len(s.robots), 1), lease, s.throttled())
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(rows))
	for i, row := range rows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.deliver(context.WithoutCancel(ctx), row)
		}()
	}
	wg.Wait()
	return len(rows), errors.Join(errs...)
}

// deliver sends one row and records what became of it.
func (s *Sender) deliver(ctx context.Context, row outbox.Row) error {
	name := strings.TrimPrefix(row.ChatKey, outbox.RobotKeyPrefix)
	r, ok := s.robots[name]
	if !ok {
		s.log.Warn("notify: a message for a robot no longer configured is given up", "robot", name, "outbox_id", row.ID)
		return outbox.MarkDead(ctx, s.db, row.ID, "robot "+name+" is not configured")
	}
	var p Payload
	if err := json.Unmarshal(row.Payload, &p); err != nil || p.Text == "" {
		return outbox.MarkDead(ctx, s.db, row.ID, "payload is not a notice")
	}
	err := s.post(ctx, r, p.Text)
	now := s.now()
	switch {
	case err == nil:
		deliveries.WithLabelValues(r.Kind, "sent").Inc()
		return outbox.MarkSent(ctx, s.db, row.ID, 0)
	case errors.Is(err, errRateLimited):
		// Not the message's fault: wait out the robot's minute, uncounted.
		deliveries.WithLabelValues(r.Kind, "rate_limited").Inc()
		s.fill(name, now)
		return outbox.Postpone(ctx, s.db, row.ID, now.Add(time.Minute), "")
	case row.Attempts+1 >= s.MaxAttempts:
		deliveries.WithLabelValues(r.Kind, "dead").Inc()
		s.log.Error("notify: robot message given up", "robot", name, "kind", r.Kind, "outbox_id", row.ID, "attempts", row.Attempts+1, "err", err)
		return outbox.MarkDead(ctx, s.db, row.ID, err.Error())
	default:
		deliveries.WithLabelValues(r.Kind, "retry").Inc()
		s.log.Warn("notify: robot message failed, will retry", "robot", name, "kind", r.Kind, "outbox_id", row.ID, "attempts", row.Attempts+1, "err", err)
		return outbox.Postpone(ctx, s.db, row.ID, now.Add(s.backoff(row.Attempts)), err.Error())
	}
}

// post calls the robot's webhook. Its errors never carry the URL.
func (s *Sender) post(ctx context.Context, r config.Robot, text string) error {
	req, err := request(r, text, s.now())
	if err != nil {
		return err
	}
	s.record(r.Name, s.now())
	resp, err := s.client.Do(req.WithContext(ctx))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error quotes the URL, which holds the key
		}
		return errors.New("unable to reach the robot: " + err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return outcome(r.Kind, resp.StatusCode, body)
}

func (s *Sender) backoff(attempts int) time.Duration {
	d := s.RetryBase
	for range attempts {
		if d *= 2; d >= s.RetryMax {
			return s.RetryMax
		}
	}
	return d
}
