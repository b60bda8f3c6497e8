package admin

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryTextInBothLanguages finds every message key named in the templates
// and the Go code and checks each has a Chinese and an English text with the
// same formatting verbs; keys built at run time are checked by their prefix
// having at least one message.
func TestEveryTextInBothLanguages(t *testing.T) {
	t.Parallel()
	keyed := regexp.MustCompile(`\bT "([a-z0-9_.]+)"`)
	built := regexp.MustCompile(`\bT \(print "([a-z0-9_.]+\.)"`)
	goKeyed := regexp.MustCompile(`(?:translate\([^,()]+, |\.T\()"([a-z0-9_.]+)"`)
	heldKey := regexp.MustCompile(`"((?:error|login|digests|officers|tip|queue|password|totp|health)\.[a-z0-9_.]+)"`)
	keys := map[string]string{}
	prefixes := map[string]string{}
	err := fs.WalkDir(assets, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, path)
		for _, m := range keyed.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = path
		}
		for _, m := range built.FindAllStringSubmatch(string(b), -1) {
			prefixes[m[1]] = path
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, _ := filepath.Glob("*.go")
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "audit.Record") || strings.Contains(line, "h.record(") {
				continue // audit actions are not messages
			}
			for _, m := range goKeyed.FindAllStringSubmatch(line, -1) {
				keys[m[1]] = f
			}
			// Keys held in variables, as a handler's message or an error page's.
			for _, m := range heldKey.FindAllStringSubmatch(line, -1) {
				keys[m[1]] = f
			}
		}
	}
	for k, where := range keys {
		if strings.HasSuffix(k, ".") {
			delete(keys, k)
			prefixes[k] = where
		}
	}
	if len(keys) < 100 || keys["digests.unavailable"] == "" || prefixes["digests.state."] == "" {
		t.Fatalf("found only %d keys and %d prefixes: the patterns no longer match the code", len(keys), len(prefixes))
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for k, where := range keys {
		m, ok := messages[k]
		if !ok {
			t.Errorf("%s: no message %q", where, k)
			continue
		}
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %q lacks a language: %q", k, m)
		}
		if a, b := verbs.FindAllString(m[0], -1), verbs.FindAllString(m[1], -1); strings.Join(a, "") != strings.Join(b, "") {
			t.Errorf("message %q: verbs %v in Chinese, %v in English", k, a, b)
		}
	}
	for p, where := range prefixes {
		n := 0
		for k := range messages {
			if strings.HasPrefix(k, p) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no message starts with %q", where, p)
		}
	}
	// The values the digests page builds keys from.
	for _, k := range []string{"digests.job.digest_daily", "digests.job.digest_weekly", "digests.channel.telegram", "digests.channel.email",
		"digests.state.pending", "digests.state.sent", "digests.state.failed"} {
		if _, ok := messages[k]; !ok {
			t.Errorf("no message %q", k)
		}
	}
	for k, m := range messages {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %q lacks a language: %q", k, m)
		}
	}
}
