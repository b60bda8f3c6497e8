package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// server is a running `tipline serve` the run measures.
type server struct {
	base    string // http://its admin listener
	public  string // http://its public listener (web report, webhook)
	pid     int
	logName string
	stop    func()
}

// startServe starts `tipline serve --components components` with env added,
// its admin and public listeners on free loopback addresses (apart, as
// deployed: the public one has the timeouts of a slow phone's upload), and
// waits until ready (a URL of the server) answers 200.
func startServe(ctx context.Context, bin, dbURL string, keys []string, components string, ready func(*server) string, env ...string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	public, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "tipline-bench-serve-*.log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--components", components)
	cmd.Env = tiplineEnv(dbURL, keys, append([]string{"TIPLINE_ADMIN_LISTEN=" + addr,
		"TIPLINE_PUBLIC_LISTEN=" + public, "TIPLINE_PUBLIC_BASE_URL=http://" + public, "TIPLINE_LOG_LEVEL=warn"}, env...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("unable to start tipline serve: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s := &server{base: "http://" + addr, public: "http://" + public, pid: cmd.Process.Pid, logName: logFile.Name()}
	s.stop = func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logFile.Name())
			logFile.Close()
			return nil, fmt.Errorf("tipline serve exited: %v: %s", err, strings.TrimSpace(string(log)))
		default:
		}
		res, err := http.Get(ready(s))
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("tipline serve not ready at %s: %v", s.base, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
