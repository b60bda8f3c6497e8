package notify

import (
	"strings"
	"unicode/utf8"
)

// split cuts text into parts of at most max bytes, between lines where it
// can and between characters where a line alone is too long: a robot
// refuses a longer message whole.
func split(text string, max int) []string {
	if len(text) <= max {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		for len(line) > max {
			flush()
			cut := max
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			parts = append(parts, line[:cut])
			line = line[cut:]
		}
		if cur.Len()+len(line) > max {
			flush()
		}
		cur.WriteString(line)
	}
	flush()
	for i, p := range parts {
		parts[i] = strings.TrimRight(p, "\n")
	}
	return parts
}
