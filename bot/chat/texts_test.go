package chat

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/internal/cataloguetest"
)

func TestCataloguesHaveTheSameKeysAndVerbs(t *testing.T) {
	t.Parallel()
	cataloguetest.Pair(t, textsZh, textsEn)
}

// Every key the code names exists, so no reporter ever reads a key.
func TestEveryUsedKeyExists(t *testing.T) {
	t.Parallel()
	use := regexp.MustCompile(`(?:tr\([a-zA-Z.]+, |say\(|sayMenu\(|btn\(|showMenu\(|sendReceipt\()"([a-z_]+\.[a-z_.]+)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := textsZh[m[1]]; !ok && !sharedText(m[1]) {
				t.Errorf("%s uses missing key %q", name, m[1])
			}
		}
	}
	if found < 50 {
		t.Fatalf("only %d uses found: the pattern no longer matches the code", found)
	}
}

func TestLocaleFromLanguageCode(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]string{"": localeZh, "zh-hans": localeZh, "zh-TW": localeZh, "en": localeEn, "ru": localeEn} {
		if got := localeFrom(code); got != want {
			t.Errorf("localeFrom(%q) = %q, want %q", code, got, want)
		}
	}
}

// sharedText reports whether the intake's catalogue has key (the words every
// channel shares).
func sharedText(key string) bool {
	_, ok := intake.Lookup(localeZh, key)
	return ok
}

// Chinese screens use full-width punctuation; only the language chooser is
// written in both languages at once.
func TestChineseUsesFullWidthPunctuation(t *testing.T) {
	t.Parallel()
	halfWidth := regexp.MustCompile(`[,:;()?!"]`)
	for key, zh := range textsZh {
		if key != "lang.choose" && key != "btn.lang" && halfWidth.MatchString(zh) {
			t.Errorf("%s: %q", key, zh)
		}
	}
}
