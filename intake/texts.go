package intake

import (
	"fmt"
	"log/slog"
	"strings"
)

// Locales every channel offers. Chinese is the default.
const (
	LocaleZh = "zh-CN"
	LocaleEn = "en"
)

// ValidLocale reports whether l is one of the locales.
func ValidLocale(l string) bool { return l == LocaleZh || l == LocaleEn }

// catalogues hold the citizen-facing words every channel shares, by locale
// and key; a channel adds only its own words (buttons, how to press them).
var catalogues = map[string]map[string]string{
	LocaleZh: textsZh,
	LocaleEn: textsEn,
}

// Text returns the shared text of key in locale, formatted with args. A
// missing key is a programming error caught by the tests; at run time it
// falls back to Chinese and then to the key rather than failing a reporter.
func Text(locale, key string, args ...any) string {
	s, ok := Lookup(locale, key)
	if !ok {
		slog.Error("intake: missing text", slog.String("key", key), slog.String("locale", locale))
		s = key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Lookup is the unformatted text of key in locale (Chinese when locale lacks
// it), and whether the catalogue has it.
func Lookup(locale, key string) (string, bool) {
	s, ok := catalogues[locale][key]
	if !ok {
		s, ok = textsZh[key]
	}
	return s, ok
}

// Emergency is the advice for a crime happening now: call 110 or text 12110.
// One text for every channel; notices.emergency.zh and .en in the
// configuration replace the catalogue's, each for its language.
func (c *Core) Emergency(locale string) string {
	t := c.cfg.Notices.Emergency.Zh
	if locale == LocaleEn {
		t = c.cfg.Notices.Emergency.En
	}
	if t != "" {
		return t
	}
	return Text(locale, "emergency")
}

// StateName is a tip's state as the reporter sees it.
func StateName(locale, state string) string { return Text(locale, "state."+state) }

// OccurredName is an answer to "when" as a reader sees it.
func OccurredName(locale, occurred string) string { return Text(locale, "occ."+occurred) }

// StepName is the name of a step, for reviews and forms.
func StepName(locale string, st Step) string { return Text(locale, "step."+string(st)) }

// ContactName is a contact mode as the reporter chose it.
func ContactName(locale, contact string) string { return Text(locale, "contact."+contact) }

// UncleanableText asks the reporter about a file that cannot be cleaned:
// what may remain in it (media.Trace values; none: "hidden information"),
// and whether to keep it anyway or send a screenshot instead. The choices
// are "btn.keep_anyway" and "btn.screenshot_instead".
func UncleanableText(locale string, remains []string) string {
	if len(remains) == 0 {
		remains = []string{"unknown"}
	}
	names := make([]string, 0, len(remains))
	for _, r := range remains {
		if t, ok := Lookup(locale, "trace."+r); ok {
			names = append(names, t)
		}
	}
	if len(names) == 0 {
		names = append(names, Text(locale, "trace.unknown"))
	}
	return Text(locale, "report.evidence.uncleanable", strings.Join(names, Text(locale, "trace.and")))
}
