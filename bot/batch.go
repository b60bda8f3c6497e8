package bot

import (
	"context"
	"sync"
	"time"
)

// batcher writes what many goroutines ask for in few database round trips:
// while one batch is being written, what arrives waits and goes in the next.
// A caller returns once its item is written (committed) or failed, so it can
// promise what it promised before, e.g. the webhook's 200 after the insert. It
// also bounds the connections used, however many callers wait: one.
type batcher[T any] struct {
	// write stores items, all or none; its error is every caller's.
	write func(ctx context.Context, items []T) error
	size  int // items per write at most

	mu      sync.Mutex
	queue   []T
	waiting []chan error
	running bool
}

// batchTimeout bounds one write: it is shared by callers whose own contexts
// may end at any time.
const batchTimeout = 30 * time.Second

func newBatcher[T any](size int, write func(ctx context.Context, items []T) error) *batcher[T] {
	return &batcher[T]{write: write, size: size}
}

// do writes item with whatever else is waiting and returns the outcome. When
// ctx ends first, do returns its error; the item may still be written.
func (b *batcher[T]) do(ctx context.Context, item T) error {
	done := make(chan error, 1)
	b.mu.Lock()
	b.queue = append(b.queue, item)
	b.waiting = append(b.waiting, done)
	if !b.running {
		b.running = true
		go b.run()
	}
	b.mu.Unlock()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run writes batches until the queue is empty.
func (b *batcher[T]) run() {
	for {
		b.mu.Lock()
		n := min(len(b.queue), b.size)
		if n == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		items := append([]T(nil), b.queue[:n]...)
		waiting := append([]chan error(nil), b.waiting[:n]...)
		b.queue = append(b.queue[:0], b.queue[n:]...)
		b.waiting = append(b.waiting[:0], b.waiting[n:]...)
		b.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
		err := b.write(ctx, items)
		cancel()
		for _, w := range waiting {
			w <- err
		}
	}
}
