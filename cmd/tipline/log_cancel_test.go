package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// A cancelled request or shutdown is not logged as an error; a real error
// still is, and below the configured level the cancel is not logged at all.
func TestCancelIsNotAnError(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(quietCancels{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})})
	log.Error("admin: server error", "err", fmt.Errorf("queue: unable to list: %w", context.Canceled))
	log.With("job", "digest").Error("jobs: run failed", slog.Any("err", errors.New("connection refused")))
	out := buf.String()
	if !strings.Contains(out, `level=INFO msg="admin: server error"`) {
		t.Errorf("a cancel logged as %q", out)
	}
	if !strings.Contains(out, `level=ERROR msg="jobs: run failed" job=digest`) {
		t.Errorf("a real error logged as %q", out)
	}

	buf.Reset()
	quiet := slog.New(quietCancels{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})})
	quiet.Error("admin: server error", "err", context.Canceled)
	if buf.Len() != 0 {
		t.Errorf("a cancel logged below the level: %q", buf.String())
	}
}
