package webreport

import (
	"fmt"
	"strings"

	"github.com/tipline/tipline/intake"
)

// The web report's own words; what every channel shares (categories'
// questions, refused files, the emergency advice, states, receipts) is the
// intake core's catalogue. Texts are plain: the templates escape them.

// translate looks key up in locale's catalogue, falling back to Chinese.
// Arguments are formatted only when given.
func translate(locale, key string, args ...any) string {
	cat := textsZh
	if locale == "en" {
		cat = textsEn
	}
	s, ok := cat[key]
	if !ok {
		s, ok = textsZh[key]
	}
	if !ok {
		// The words every channel shares are the core's.
		s, ok = intake.Lookup(locale, key)
	}
	if !ok {
		// Already a text (a core's message passed through), or a missing
		// key, which TestTextsComplete catches.
		return key
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}
