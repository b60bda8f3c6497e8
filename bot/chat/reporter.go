package chat

import (
	"fmt"
)

// reporterLocale returns the reporter's language, remembering it at first
// contact from Telegram's language_code. seen_at is coarse on purpose: it is
// only kept to the day, so it cannot be matched against message times.
func (s *session) reporterLocale(languageCode string) (string, error) {
	const q = `
		INSERT INTO bot_reporters (reporter_ref, locale, created_at, seen_at)
		VALUES ($1, $2, date_trunc('day', $3::timestamptz), date_trunc('day', $3::timestamptz))
		ON CONFLICT (reporter_ref) DO UPDATE SET seen_at = EXCLUDED.seen_at
		RETURNING locale`
	var locale string
	if err := s.tx.GetContext(s.ctx, &locale, q, s.ref.Bytes(), localeFrom(languageCode), s.now); err != nil {
		return "", fmt.Errorf("chat: unable to read reporter: %w", err)
	}
	return locale, nil
}

// setLocale switches the reporter's language.
func (s *session) setLocale(locale string) error {
	if !validLocale(locale) {
		return nil
	}
	const q = `UPDATE bot_reporters SET locale = $2 WHERE reporter_ref = $1`
	if _, err := s.tx.ExecContext(s.ctx, q, s.ref.Bytes(), locale); err != nil {
		return fmt.Errorf("chat: unable to set language: %w", err)
	}
	s.locale = locale
	return nil
}
