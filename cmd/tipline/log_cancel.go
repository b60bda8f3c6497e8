package main

import (
	"context"
	"errors"
	"log/slog"
)

// quietCancels logs at INFO a warning or error whose error is a
// cancellation: a browser that went away mid-request or a shutdown in
// progress is not a failure anyone must act on, and an ERROR line for it
// teaches the duty officer to ignore ERROR lines. Every other record passes
// as it is.
type quietCancels struct{ slog.Handler }

func (h quietCancels) Handle(ctx context.Context, r slog.Record) error {
	if r.Level > slog.LevelInfo && cancelled(r) {
		if !h.Handler.Enabled(ctx, slog.LevelInfo) {
			return nil
		}
		r.Level = slog.LevelInfo
	}
	return h.Handler.Handle(ctx, r)
}

func (h quietCancels) WithAttrs(as []slog.Attr) slog.Handler {
	return quietCancels{h.Handler.WithAttrs(as)}
}

func (h quietCancels) WithGroup(name string) slog.Handler {
	return quietCancels{h.Handler.WithGroup(name)}
}

// cancelled reports whether an attribute of r is an error that is, or
// wraps, context.Canceled.
func cancelled(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && errors.Is(err, context.Canceled) {
			found = true
		}
		return !found
	})
	return found
}
