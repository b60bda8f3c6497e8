package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// runHealthcheck asks a running server whether it is ready, for container
// health checks on images that have no curl.
func runHealthcheck(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "healthcheck", "healthcheck [--url http://127.0.0.1:8080/readyz]")
	url := fs.String("url", "http://127.0.0.1:8080/readyz", "readiness URL of the server")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return usageError{"--url: " + err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not reachable: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", resp.Status)
	}
	fmt.Fprintln(env.stdout, "ready")
	return nil
}
