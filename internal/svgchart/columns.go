package svgchart

import (
	"html/template"
	"math"
)

// maxColumn is the widest a column gets: one day is one bar, not the chart.
const maxColumn = 36

// Columns draws one vertical bar per item, in order (the days of a period),
// over a y axis of round ticks; x labels are drawn only where they fit, so
// they never overlap, and each bar names its label and value on hover.
func Columns(title string, bars []Bar) template.HTML {
	const height, top, bottom = 170.0, 8.0, 20.0
	maxV := 0
	for _, b := range bars {
		if !b.Masked {
			maxV = max(maxV, b.Value)
		}
	}
	axisTop, step := niceScale(maxV)
	left := textWidth(itoa(axisTop)) + 8
	plotW, plotH := Width-left-4, height-top-bottom
	var s svg
	s.open(title, height)
	for v := 0; v <= axisTop; v += step {
		y := top + plotH - float64(v)/float64(axisTop)*plotH
		s.printf(`<line x1="%.1f" y1="%.1f" x2="%d" y2="%.1f" stroke="#e2e8f0"/>`, left, y, Width-4, y)
		s.printf(`<text x="%.1f" y="%.1f" text-anchor="end" fill="#4a5568">%d</text>`, left-4, y+4, v)
	}
	s.printf(`<line x1="%.1f" y1="%.1f" x2="%d" y2="%.1f" stroke="#718096"/>`, left, top+plotH, Width-4, top+plotH)
	if len(bars) == 0 {
		return s.html()
	}
	slot := math.Min(plotW/float64(len(bars)), maxColumn)
	labelEnd := 0.0 // where the last x label drawn ends
	for i, b := range bars {
		x := left + float64(i)*slot
		h := 0.0
		if !b.Masked && axisTop > 0 {
			h = float64(b.Value) / float64(axisTop) * plotH
		}
		s.printf(`<g><title>%s</title>`, esc(b.title()))
		s.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2b6cb0"/>`,
			x+slot*0.15, top+plotH-h, math.Max(slot*0.7, 1), h)
		if b.Masked {
			s.printf(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#4a5568">%s</text>`, x+slot/2, top+plotH-3, esc(b.Shown))
		}
		s.printf(`</g>`)
		// A label is drawn under its bar where it fits after the last one
		// drawn and inside the chart: the first day, then as often as room
		// allows.
		cx, half := x+slot/2, textWidth(b.Label)/2
		if cx-half >= labelEnd && cx+half <= Width {
			s.printf(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#4a5568">%s</text>`, cx, height-6, esc(b.Label))
			labelEnd = cx + half + 6
		}
	}
	return s.html()
}

func itoa(n int) string { return Bar{Value: n}.shown() }
