package intake

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tipline/tipline/internal/cataloguetest"
)

func TestCataloguesHaveTheSameKeysAndVerbs(t *testing.T) {
	t.Parallel()
	cataloguetest.Pair(t, textsZh, textsEn)
}

// Chinese texts use full-width punctuation and no English words.
func TestChineseIsChinese(t *testing.T) {
	t.Parallel()
	halfWidth := regexp.MustCompile(`[,:;()?!]`)
	english := regexp.MustCompile(`[A-Za-z]{3,}`)
	for key, zh := range textsZh {
		if halfWidth.MatchString(zh) || english.MatchString(strings.ReplaceAll(zh, "MB", "")) {
			t.Errorf("%s: %q", key, zh)
		}
	}
}

func TestEmergencyAdviceIsOneConfigurableText(t *testing.T) {
	b := setup(t)
	for _, l := range []string{LocaleZh, LocaleEn} {
		if s := b.core.Emergency(l); !strings.Contains(s, "110") || !strings.Contains(s, "12110") {
			t.Errorf("%s: %q", l, s)
		}
	}
	b.cfg.Notices.Emergency.Zh = "请立即拨打 110。"
	if b.core.Emergency(LocaleZh) != "请立即拨打 110。" || !strings.Contains(b.core.Emergency(LocaleEn), "12110") {
		t.Fatal("the configured advice does not replace the catalogue's")
	}
}
