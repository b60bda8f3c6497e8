// Package svgchart draws the admin's and the digests' bar charts as inline
// SVG on the server: no script, no fonts or files from elsewhere, so they work
// under the admin's strict CSP, in e-mail and printed. Charts are laid out
// 360 units wide, a phone's width, and scale up with the page, so their text
// is never smaller than on a phone. Every label is escaped here.
package svgchart

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"
)

// Width is every chart's width in SVG units; pages scale it (see app.css).
const Width = 360

const fontSize = 11

// Bar is one bar: a day, a town, a category.
type Bar struct {
	Label string // in the reader's language
	Value int    // its length; a masked count draws no bar
	// Shown is the value as printed when it is not the number itself, such
	// as "<3" for a count below the small-count threshold.
	Shown  string
	Masked bool
}

func (b Bar) shown() string {
	if b.Shown != "" {
		return b.Shown
	}
	return fmt.Sprint(b.Value)
}

// title is what hovering the bar says: its label and value, with the colon
// of the label's script.
func (b Bar) title() string {
	for _, r := range b.Label {
		if wide(r) {
			return b.Label + "：" + b.shown()
		}
	}
	return b.Label + ": " + b.shown()
}

// textWidth estimates the width of s at the chart's font size: CJK and other
// wide characters one em, the rest about half of one.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) {
			w += fontSize
		} else {
			w += fontSize * 0.6
		}
	}
	return w
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x30FF || r >= 0xFF00 && r <= 0xFFEF
}

// fit cuts s to at most w units, ending it with "…" when cut.
func fit(s string, w float64) string {
	if textWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && textWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// niceScale picks the axis's top and step: steps of 1, 2 or 5 times a power
// of ten, about four of them, so ticks read as round numbers.
func niceScale(maxV int) (top, step int) {
	if maxV <= 0 {
		return 1, 1
	}
	raw := float64(maxV) / 4
	mag := 1
	for float64(mag*10) <= raw {
		mag *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if float64(m*mag) >= raw {
			step = m * mag
			break
		}
	}
	top = (maxV + step - 1) / step * step
	return top, step
}

type svg struct{ strings.Builder }

func (s *svg) printf(format string, args ...any) { fmt.Fprintf(&s.Builder, format, args...) }

func esc(s string) string { return template.HTMLEscapeString(s) }

func (s *svg) open(title string, height float64) {
	s.printf(`<svg class="chart phone" viewBox="0 0 %d %.0f" width="%d" height="%.0f" role="img" aria-label="%s" font-size="%d">`,
		Width, height, Width, height, esc(title), fontSize)
	s.printf(`<title>%s</title>`, esc(title))
}

func (s *svg) html() template.HTML {
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) //nolint:gosec // every text above went through esc
}
