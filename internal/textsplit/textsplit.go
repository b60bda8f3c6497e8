// Package textsplit cuts a long message into parts a chat accepts — between
// lines where it can, between characters where a line alone is too long —
// so that a digest or an alert arrives whole, in order, never cut off.
package textsplit

import (
	"strings"
	"unicode/utf8"
)

// TelegramMax is a Telegram message's longest text, in UTF16 units.
const TelegramMax = 4096

// Measure is how a chat counts a message's length.
type Measure func(string) int

// Bytes counts UTF-8 bytes, as the group robots do.
func Bytes(s string) int { return len(s) }

// UTF16 counts UTF-16 code units, as Telegram counts a message's characters:
// a Chinese character is one, an emoji outside the basic plane two.
func UTF16(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Split cuts text into parts of at most max by size; text that fits is
// one part. Parts hold whole lines where a line fits, without the newline
// between two parts.
func Split(text string, max int, size Measure) []string {
	if size(text) <= max {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	curSize := 0
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, strings.TrimRight(cur.String(), "\n"))
			cur.Reset()
			curSize = 0
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		n := size(line)
		if n > max {
			flush()
			for len(line) > 0 {
				_, w := utf8.DecodeRuneInString(line)
				if k := size(line[:w]); curSize+k > max {
					flush()
				} else {
					cur.WriteString(line[:w])
					curSize += k
					line = line[w:]
				}
			}
			continue
		}
		if curSize+n > max {
			flush()
		}
		cur.WriteString(line)
		curSize += n
	}
	flush()
	return parts
}

// Numbered is Split with each part of several ending in mark(i, n) (part i
// of n, from 1), room for it kept within max, so a reader can tell a part is
// missing and put them in order.
func Numbered(text string, max int, size Measure, mark func(i, n int) string) []string {
	parts := Split(text, max, size)
	if len(parts) == 1 {
		return parts
	}
	parts = Split(text, max-size(mark(999, 999)), size)
	for i := range parts {
		parts[i] += mark(i+1, len(parts))
	}
	return parts
}
