package chat

// Tr lets the external tests (which run the conversation inside package bot,
// which imports this one) assert texts through the catalogue.
func Tr(locale, key string, args ...any) string { return tr(locale, key, args...) }

// LocaleFrom is the locale a Telegram language_code gives at first contact.
func LocaleFrom(languageCode string) string { return localeFrom(languageCode) }
