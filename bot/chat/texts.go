package chat

import (
	"fmt"
	"log/slog"

	"github.com/tipline/tipline/intake"
)

// Locales a reporter can choose. Chinese is the default.
const (
	localeZh = intake.LocaleZh
	localeEn = intake.LocaleEn
)

// catalogues hold the bot's own words (its buttons, how to use them), by
// locale and key; the words every channel shares are the intake's catalogue.
// texts_test.go checks that both catalogues have the same keys and verbs.
var catalogues = map[string]map[string]string{
	localeZh: textsZh,
	localeEn: textsEn,
}

// tr returns the text of key in locale, formatted with args: the bot's own,
// else the intake's shared one. A missing key is a programming error caught
// by the tests; at run time it falls back to Chinese and then to the key
// itself rather than failing a reporter's update.
func tr(locale, key string, args ...any) string {
	s, ok := catalogues[locale][key]
	if !ok {
		s, ok = textsZh[key]
	}
	if !ok {
		s, ok = intake.Lookup(locale, key)
	}
	if !ok {
		slog.Error("chat: missing text", slog.String("key", key), slog.String("locale", locale))
		s = key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// localeFrom picks the language at first contact from Telegram's
// language_code: Chinese for zh-* and for no code, English otherwise.
func localeFrom(languageCode string) string {
	if languageCode == "" || len(languageCode) >= 2 && languageCode[:2] == "zh" {
		return localeZh
	}
	return localeEn
}
