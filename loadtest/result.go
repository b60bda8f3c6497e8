package loadtest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Result is what a run measured and what its checks found.
type Result struct {
	Mode           string  `json:"mode"`
	Citizens       int     `json:"citizens"`
	TipsPerCitizen int     `json:"tips_per_citizen"`
	Burst          int     `json:"burst,omitempty"`
	Rate           int     `json:"offered_updates_per_second,omitempty"` // open loop
	Duration       float64 `json:"offered_seconds,omitempty"`
	Workers        int     `json:"workers"`
	EnforceLimits  bool    `json:"enforce_limits"`
	ActiveSeconds  float64 `json:"active_seconds"` // citizens at work
	TotalSeconds   float64 `json:"total_seconds"`  // until the outbox drained

	Updates       int     `json:"updates"`                   // posted by citizens
	Accepted      int     `json:"accepted"`                  // webhook 200s (webhook mode)
	Refused       int     `json:"refused"`                   // other webhook answers
	Processed     int     `json:"processed"`                 // conversation calls that succeeded
	IntakeRate    float64 `json:"intake_updates_per_second"` // accepted (or, polling, processed) per active second
	ProcessedRate float64 `json:"processed_updates_per_second"`
	Tips          int     `json:"tips"`
	TipRate       float64 `json:"tips_per_second"`
	StatusChecks  int     `json:"status_checks"`
	// Latency is from an update's arrival (webhook request start; for polling,
	// the citizen posting it) to its reply rows written in its transaction.
	Latency Percentiles `json:"latency"`
	// Waited is the part of Latency before the conversation was called (intake,
	// the inbox, a worker's claim); Handling is the conversation's own time.
	Waited   Percentiles `json:"waited"`
	Handling Percentiles `json:"handling"`
	// FromOffer (open loop) is from the moment an update was offered to the
	// emulator to its reply rows written: it adds the emulator's delivery
	// and any backlog waiting there when intake falls behind.
	FromOffer Percentiles `json:"from_offer,omitempty"`
	// RoundTrip is the citizen's view: update posted to answer shown.
	RoundTrip Percentiles `json:"round_trip"`
	Delivery  Delivery    `json:"delivery"`
	Check     Check       `json:"check"`
}

// Delivery is what the sender achieved against Telegram's limits.
type Delivery struct {
	Limit int `json:"limit_per_second"` // 30 when enforced, 0 otherwise
	Calls int `json:"message_calls"`    // sends, edits and deletes answered 200
	Sends int `json:"sends"`            // those counted by the limits
	// SaturatedSeconds are the whole seconds in which at least Limit messages
	// were waiting throughout; the rates below are over them.
	SaturatedSeconds int     `json:"saturated_seconds"`
	CallsPerSecond   float64 `json:"calls_per_second"`
	SendsPerSecond   float64 `json:"sends_per_second"`
	ShareOfLimit     float64 `json:"share_of_limit"` // calls per saturated second / Limit
	RateLimited      int     `json:"rate_limited"`   // 429s the emulator answered
	Unhonoured       int     `json:"unhonoured"`     // calls to a chat before its retry_after ran out
	DuringOtherPause int     `json:"during_other_pause"`
}

// Check is what the run verified; OK only when nothing was lost or doubled.
type Check struct {
	OK                bool     `json:"ok"`
	CitizensFailed    int      `json:"citizens_failed"`
	TipsExpected      int      `json:"tips_expected"`
	TipsStored        int      `json:"tips_stored"`
	ReceiptsDelivered int      `json:"receipts_delivered"`
	ReceiptsDistinct  int      `json:"receipts_distinct_tips"` // receipts that open distinct stored tips
	InboxDone         int      `json:"inbox_done"`
	InboxOther        int      `json:"inbox_not_done"`
	OutboxRows        int      `json:"outbox_rows"`
	OutboxSent        int      `json:"outbox_sent"`
	OutboxNotSent     int      `json:"outbox_not_sent"`
	ChatsMismatched   int      `json:"chats_mismatched"` // emulator's messages ≠ outbox's distinct messages
	Problems          []string `json:"problems,omitempty"`
}

func (c *Check) fail(format string, args ...any) {
	c.OK = false
	if len(c.Problems) < 20 {
		c.Problems = append(c.Problems, fmt.Sprintf(format, args...))
	}
}

// baseline is where the tables stood before the run (with --reuse).
type baseline struct {
	tipID, outboxID int64
}

func readBaseline(ctx context.Context, db *sqlx.DB) (baseline, error) {
	var b baseline
	err := db.QueryRowxContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM tips), (SELECT coalesce(max(id), 0) FROM outbox)`).
		Scan(&b.tipID, &b.outboxID)
	if err != nil {
		return b, fmt.Errorf("loadtest: unable to read the baseline: %w", err)
	}
	return b, nil
}

// backlogSampler watches the outbox backlog, to know when the sender was
// saturated.
type backlogSampler struct {
	db    *sqlx.DB
	after int64
	mu    sync.Mutex
	t0    time.Time
	// minBySecond is the smallest backlog seen in each second since t0.
	minBySecond map[int]int
}

func newBacklogSampler(db *sqlx.DB, after int64) *backlogSampler {
	return &backlogSampler{db: db, after: after, t0: time.Now(), minBySecond: map[int]int{}}
}

// backlogCap is as far as the sampler counts: the sender is saturated when
// at least a second's worth of sends (30) waits, and counting a backlog of
// thousands in full took 4.6 ms of the database's time, ten times a second,
// which the run then measured as the bot's.
const backlogCap = 30

func (b *backlogSampler) run(ctx context.Context) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		var n int
		err := b.db.GetContext(ctx, &n, `SELECT count(*) FROM (SELECT FROM outbox WHERE state = 'pending' AND id > $1 LIMIT $2) b`,
			b.after, backlogCap)
		if err == nil {
			sec := int(time.Since(b.t0) / time.Second)
			b.mu.Lock()
			if m, ok := b.minBySecond[sec]; !ok || n < m {
				b.minBySecond[sec] = n
			}
			b.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (r *rig) result(citizens []*citizen, active, total time.Duration, sampler *backlogSampler) Result {
	o := r.opts
	res := Result{Mode: o.Mode, Citizens: o.Citizens, TipsPerCitizen: o.TipsPerCitizen, Burst: o.Burst, Rate: o.Rate, Workers: o.Workers,
		EnforceLimits: o.EnforceLimits, ActiveSeconds: active.Seconds(), TotalSeconds: total.Seconds()}
	var trips []time.Duration
	for _, c := range citizens {
		res.Updates += c.updates
		res.Tips += len(c.receipts)
		res.StatusChecks += c.statuses
		trips = append(trips, c.roundTrip...)
	}
	t := r.timings
	t.mu.Lock()
	res.Accepted, res.Refused, res.Processed = t.accepted, t.refused, t.handled
	res.Latency = percentiles(t.latency)
	res.Waited, res.Handling = percentiles(t.waited), percentiles(t.handling)
	res.FromOffer = percentiles(t.fromOffer)
	t.mu.Unlock()
	res.RoundTrip = percentiles(trips)
	if o.Rate > 0 {
		res.Duration = o.Duration.Seconds()
	}
	secs := active.Seconds()
	if o.Mode == "webhook" {
		res.IntakeRate = float64(res.Accepted) / secs
	} else {
		res.IntakeRate = float64(res.Processed) / secs
	}
	res.ProcessedRate = float64(res.Processed) / secs
	res.TipRate = float64(res.Tips) / secs
	res.Delivery = r.delivery(sampler)
	return res
}

func (r *rig) delivery(sampler *backlogSampler) Delivery {
	d := Delivery{}
	if r.opts.EnforceLimits {
		d.Limit = 30
	}
	a := r.api
	a.mu.Lock()
	calls := append([]call(nil), a.calls...)
	d.RateLimited, d.Unhonoured, d.DuringOtherPause = a.pauses.seen, a.pauses.unhonoured, a.pauses.duringOther
	offset := a.t0.Sub(sampler.t0)
	a.mu.Unlock()
	perSecCalls, perSecSends := map[int]int{}, map[int]int{}
	for _, c := range calls {
		d.Calls++
		sec := int((c.at + offset) / time.Second)
		perSecCalls[sec]++
		if c.limited {
			d.Sends++
			perSecSends[sec]++
		}
	}
	threshold := backlogCap
	sampler.mu.Lock()
	for sec, m := range sampler.minBySecond {
		if m >= threshold {
			d.SaturatedSeconds++
			d.CallsPerSecond += float64(perSecCalls[sec])
			d.SendsPerSecond += float64(perSecSends[sec])
		}
	}
	sampler.mu.Unlock()
	if d.SaturatedSeconds > 0 {
		d.CallsPerSecond /= float64(d.SaturatedSeconds)
		d.SendsPerSecond /= float64(d.SaturatedSeconds)
	}
	if d.Limit > 0 {
		d.ShareOfLimit = d.CallsPerSecond / float64(d.Limit)
	}
	return d
}
