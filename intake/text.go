package intake

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes what a reporter typed safe to store and to show, in every
// channel: valid UTF-8, no control characters but newlines and tabs, and no
// bidirectional overrides that would make an officer read a phone number
// backwards. HTML and the like are kept as the text they are; they are never
// parsed.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteByte('\n')
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			// C0 and C1 controls (NUL breaks PostgreSQL text)
		case r == 0x061c, r == 0x200e, r == 0x200f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			// bidirectional marks, embeddings, overrides and isolates
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// TruncateRunes cuts s to at most n characters.
func TruncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Preview is a short excerpt of reporter text to echo back.
func Preview(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return TruncateRunes(s, n) + "…"
}
