package officer

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
)

// ErrBusy is returned at once when the password hashes allowed at once are all
// running and the line behind them is full: the caller answers "busy, try
// again" rather than queue without end.
var ErrBusy = errors.New("officer: too many password checks at once, try again")

// hashGate bounds the argon2id computations running at once in the process.
// Each holds argonMemory (64 MiB) until it ends, so without a bound every
// concurrent anonymous login costs that much: the gate, not the per-address
// limit, bounds the memory logins can take. It is shared by every Store because
// memory is the process's. One hash already uses argonThreads cores, so more
// in flight than cores/argonThreads would finish no sooner. Behind the running
// hashes at most queue wait their turn, each until its request's context ends;
// the rest are refused with ErrBusy without waiting.
type hashGate struct {
	slots    chan struct{}
	queue    int64
	waiting  atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
}

var hashes = newHashGate(max(1, runtime.NumCPU()/argonThreads))

func newHashGate(size int) *hashGate {
	return &hashGate{slots: make(chan struct{}, size), queue: int64(4 * size)}
}

// run calls f once a slot is free, or returns ErrBusy when the line is full, or
// the context's error when it ends first.
func (g *hashGate) run(ctx context.Context, f func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		if g.waiting.Add(1) > g.queue {
			g.waiting.Add(-1)
			return ErrBusy
		}
		select {
		case g.slots <- struct{}{}:
			g.waiting.Add(-1)
		case <-ctx.Done():
			g.waiting.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	n := g.inFlight.Add(1)
	defer g.inFlight.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	f()
	return nil
}

// HashLimit is the number of password hashes the process runs at once and the
// most that ever ran at once, for the operator's figures and the tests' checks.
func HashLimit() (size, peak int) {
	return cap(hashes.slots), int(hashes.peak.Load())
}

// verify checks a password against its hash inside the gate.
func verify(ctx context.Context, phc, password string) (bool, error) {
	var ok bool
	err := hashes.run(ctx, func() { ok = verifyPassword(phc, password) })
	return ok, err
}

// hash hashes a new password inside the gate.
func hash(ctx context.Context, password string) (string, error) {
	var h string
	var herr error
	if err := hashes.run(ctx, func() { h, herr = hashPassword(password) }); err != nil {
		return "", err
	}
	return h, herr
}
