package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Package is the Debian package that provides the browser.
const Package = "chromium"

// Fonts is the Debian package installed with the browser so that Chinese
// pages render (in screenshots) as characters, not boxes.
const Fonts = "fonts-wqy-zenhei"

var candidates = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}

func find() string {
	for _, p := range candidates {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var (
	installOnce sync.Once
	installErr  error
)

// chromium returns the browser's path, installing the package with apt when
// it is missing and the tests run as root.
func chromium(t testing.TB) string {
	t.Helper()
	if p := find(); p != "" {
		return p
	}
	if os.Geteuid() != 0 {
		t.Fatalf("browsertest: Chromium not found (%v); install the Debian package %q: sudo apt-get install -y %s", candidates, Package, Package)
	}
	installOnce.Do(func() { installErr = install() })
	if installErr != nil {
		t.Fatalf("browsertest: unable to install the Debian package %q: %v", Package, installErr)
	}
	p := find()
	if p == "" {
		t.Fatalf("browsertest: the package %q is installed but no chromium binary is on %v", Package, candidates)
	}
	return p
}

// install runs apt under a file lock, so that the test binaries of several
// packages, started in parallel by go test, install once.
func install() error {
	unlock, err := lockFile(filepath.Join(os.TempDir(), "tipline-browsertest-apt.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if find() != "" {
		return nil // another test binary installed it while we waited
	}
	fmt.Fprintf(os.Stderr, "browsertest: Chromium is missing; installing the Debian package %q with apt-get (once)…\n", Package)
	cmd := exec.Command("sh", "-c", "apt-get update && apt-get install -y "+Package+" "+Fonts)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("apt-get: %w\n%s", err, out)
	}
	fmt.Fprintf(os.Stderr, "browsertest: installed %q\n", Package)
	return nil
}
