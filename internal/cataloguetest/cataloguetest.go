// Package cataloguetest checks a pair of text catalogues for tests: every
// key in both languages, neither text empty, and the same formatting verbs in
// the same order, so no reader ever sees a raw key or a %!d(MISSING).
package cataloguetest

import (
	"regexp"
	"strings"
	"testing"
)

var verbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Pair fails t for each key that the two catalogues do not both carry alike.
func Pair(t testing.TB, zh, en map[string]string) {
	t.Helper()
	for key, z := range zh {
		e, ok := en[key]
		if !ok {
			t.Errorf("key %q missing in English", key)
			continue
		}
		if a, b := verbs.FindAllString(z, -1), verbs.FindAllString(e, -1); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("key %q: verbs %v in Chinese, %v in English", key, a, b)
		}
		if strings.TrimSpace(z) == "" || strings.TrimSpace(e) == "" {
			t.Errorf("key %q is empty", key)
		}
	}
	for key := range en {
		if _, ok := zh[key]; !ok {
			t.Errorf("key %q missing in Chinese", key)
		}
	}
}
