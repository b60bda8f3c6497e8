package svgchart

import (
	"html/template"
	"math"
)

// maxLabel bounds the label column, so a long typed name cannot squeeze the
// bars; a longer label is cut with "…" and shown whole on hover.
const maxLabel = 150.0

// Rows draws one horizontal bar per item, labels on the left and the value
// after each bar: categories, towns, sources.
func Rows(title string, bars []Bar) template.HTML {
	const rowH, barH = 22.0, 15.0
	labelW, valueW, maxV := 0.0, 0.0, 0
	for _, b := range bars {
		labelW = math.Max(labelW, textWidth(b.Label))
		valueW = math.Max(valueW, textWidth(b.shown()))
		if !b.Masked {
			maxV = max(maxV, b.Value)
		}
	}
	labelW = math.Min(labelW, maxLabel)
	barX := labelW + 8
	barMax := Width - barX - valueW - 8
	height := math.Max(float64(len(bars))*rowH, rowH)
	var s svg
	s.open(title, height)
	for i, b := range bars {
		y := float64(i) * rowH
		w := 0.0
		if !b.Masked && maxV > 0 {
			w = math.Max(float64(b.Value)/float64(maxV)*barMax, 1)
		}
		s.printf(`<g><title>%s</title>`, esc(b.title()))
		s.printf(`<text x="0" y="%.1f" fill="#1a202c">%s</text>`, y+barH-3, esc(fit(b.Label, labelW)))
		s.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2f855a"/>`, barX, y+2, w, barH)
		s.printf(`<text x="%.1f" y="%.1f" fill="#1a202c">%s</text></g>`, barX+w+4, y+barH-3, esc(b.shown()))
	}
	return s.html()
}
