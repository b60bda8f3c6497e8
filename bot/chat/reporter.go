package chat

import (
	"fmt"
	"time"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// setLocale switches the reporter's language.
func (s *session) setLocale(locale string) error {
	if !intake.ValidLocale(locale) {
		return nil
	}
	const q = `UPDATE bot_reporters SET locale = $2 WHERE reporter_ref = $1`
	if _, err := s.tx.ExecContext(s.ctx, q, s.ref.Bytes(), locale); err != nil {
		return fmt.Errorf("chat: unable to set language: %w", err)
	}
	s.locale = locale
	return nil
}

// opened is what every update needs first: the reporter's language, whether
// they are blocked, their messages this minute (counting this one) and their
// draft, locked.
type opened struct {
	Locale   string     `db:"locale"`
	Blocked  bool       `db:"blocked"`
	Messages int        `db:"messages"`
	Report   []byte     `db:"report"`
	Extra    []byte     `db:"extra"`
	Expires  *time.Time `db:"expires_at"`
}

// openSQL is open's one statement.
var openSQL = `
		WITH reporter AS (
			INSERT INTO bot_reporters (reporter_ref, locale, created_at, seen_at)
			VALUES ($1, $2, date_trunc('day', $3::timestamptz), date_trunc('day', $3::timestamptz))
			ON CONFLICT (reporter_ref) DO UPDATE SET seen_at = EXCLUDED.seen_at
			RETURNING locale
		), counted AS (
			` + intake.BumpSQL("$1", "$4", "$5") + `
		)
		SELECT reporter.locale, ` + queue.BlockedRef + ` AS blocked, counted.count AS messages, d.report, d.extra, d.expires_at
		  FROM reporter CROSS JOIN counted
		  LEFT JOIN (` + intake.LockDraftSQL("$1") + `) d ON true`

// open does in one round trip what every update pays for: remember the
// reporter at first contact, ask whether they are blocked (the queue's
// condition), count the message, and lock and read the draft.
// A blocked reporter's message is counted too; the count is all that is kept.
// seen_at is coarse on purpose: it is only kept to the day, so it cannot be
// matched against message times.
func (s *session) open(languageCode string) (opened, error) {
	var o opened
	err := s.tx.GetContext(s.ctx, &o, openSQL, s.ref.Bytes(), localeFrom(languageCode), s.now,
		string(intake.LimitMessages), intake.Window(s.now, time.Minute))
	if err != nil {
		return o, fmt.Errorf("chat: unable to open the reporter's session: %w", err)
	}
	return o, nil
}
