package main

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// releaseEvenly calls f(i) for i < n, releasing one call every 1/rate s
// whatever the earlier ones do (an open loop), and times each from its
// release; failed[i] is the error of call i.
func releaseEvenly(ctx context.Context, n, rate int, f func(i int) error) (times []time.Duration, failed []string) {
	times, failed = make([]time.Duration, n), make([]string, n)
	var wg sync.WaitGroup
	start := time.Now()
	interval := time.Second / time.Duration(max(rate, 1))
	for i := range n {
		release := start.Add(time.Duration(i) * interval)
		if d := time.Until(release); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(i); err != nil {
				failed[i] = err.Error()
			}
			times[i] = time.Since(release)
		}()
	}
	wg.Wait()
	return times, failed
}

// inParallel calls f(i) for i < n from workers goroutines; the first error
// stops the rest.
func inParallel(ctx context.Context, n, workers int, f func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// asFastAsAnswered calls f(i) for i < n from workers goroutines, each making
// its next call when the last returned (a closed loop), and times each call;
// failed[i] is the error of call i.
func asFastAsAnswered(ctx context.Context, n, workers int, f func(i int) error) (times []time.Duration, failed []string) {
	times, failed = make([]time.Duration, n), make([]string, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t := time.Now()
				if err := f(i); err != nil {
					failed[i] = err.Error()
				}
				times[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	return times, failed
}
