package webreport

import (
	"fmt"
	"strings"
	"time"

	"github.com/tipline/tipline/intake"
)

// The web report's own words; what every channel shares (categories'
// questions, refused files, the emergency advice, states, receipts) is the
// intake core's catalogue. Texts are plain: the templates escape them.

// duration says a configured time span in locale: "2 小时", "90 minutes".
func duration(locale string, d time.Duration) string {
	n, unit := int(d/time.Minute), "minute"
	if d >= time.Hour && d%time.Hour == 0 {
		n, unit = int(d/time.Hour), "hour"
	}
	if locale != "en" {
		return fmt.Sprintf("%d %s", n, map[string]string{"minute": "分钟", "hour": "小时"}[unit])
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

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
