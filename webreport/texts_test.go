package webreport

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/tipline/tipline/internal/cataloguetest"
)

// Both catalogues have every key, and every key the templates use is in
// them or in the core's.
func TestTextsComplete(t *testing.T) {
	cataloguetest.Pair(t, textsZh, textsEn)
	used := regexp.MustCompile(`\.T "([a-z_.0-9]+)"`)
	err := fs.WalkDir(assets, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(assets, path)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if translate("zh-CN", m[1]) == m[1] || translate("en", m[1]) == m[1] {
				t.Errorf("%s uses %s, which has no text", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Chinese texts use full-width punctuation next to Chinese characters.
func TestChinesePunctuation(t *testing.T) {
	for k, s := range textsZh {
		r := []rune(s)
		for i, c := range r {
			if !strings.ContainsRune(",.:;!?()", c) {
				continue
			}
			before := i > 0 && unicode.Is(unicode.Han, r[i-1])
			after := i+1 < len(r) && unicode.Is(unicode.Han, r[i+1])
			if before || after {
				t.Errorf("%s: half-width %q beside Chinese in %q", k, c, s)
			}
		}
	}
}
