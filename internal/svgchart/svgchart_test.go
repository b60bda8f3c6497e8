package svgchart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// element is one SVG element as parsed back: its name, attributes and the
// text directly inside it.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parse reads a chart back as XML: it must be well formed, and its elements
// are what the tests look at.
func parse(t *testing.T, chart string) []element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(chart))
	var out []element
	var open []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v\n%s", err, chart)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			open = append(open, len(out)-1)
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tok)
			}
		case xml.EndElement:
			open = open[:len(open)-1]
		}
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

func days(n int) []Bar {
	var out []Bar
	for i := range n {
		out = append(out, Bar{Label: fmt.Sprintf("12-%02d", i+1), Value: i % 7})
	}
	return out
}

// One day is one bar of a day's width, not the whole chart.
func TestColumnsOneDayIsOneNarrowBar(t *testing.T) {
	var rects []element
	for _, e := range parse(t, string(Columns("每日线索", []Bar{{Label: "12-07", Value: 4}}))) {
		if e.name == "rect" {
			rects = append(rects, e)
		}
	}
	if len(rects) != 1 {
		t.Fatalf("%d bars, want 1", len(rects))
	}
	if w := num(t, rects[0].attrs["width"]); w > maxColumn {
		t.Errorf("one day's bar is %.0f wide, more than a day's %d", w, maxColumn)
	}
}

// However many days, every bar is drawn, the x labels shown never overlap,
// and each stays inside the chart.
func TestColumnsLabelsFit(t *testing.T) {
	for _, n := range []int{1, 7, 30, 90, 365} {
		els := parse(t, string(Columns("每日线索", days(n))))
		bars, lastEnd := 0, math.Inf(-1)
		for _, e := range els {
			switch {
			case e.name == "rect":
				bars++
			case e.name == "text" && strings.HasPrefix(e.text, "12-"):
				x, w := num(t, e.attrs["x"]), textWidth(e.text)
				if x-w/2 < lastEnd {
					t.Errorf("%d days: label %q at %.1f overlaps the one before (ends %.1f)", n, e.text, x, lastEnd)
				}
				if x-w/2 < 0 || x+w/2 > Width {
					t.Errorf("%d days: label %q at %.1f leaves the chart", n, e.text, x)
				}
				lastEnd = x + w/2
			}
		}
		if bars != n {
			t.Errorf("%d days drew %d bars", n, bars)
		}
	}
}

// The y axis reads in round steps and reaches the largest bar.
func TestColumnsAxisIsRound(t *testing.T) {
	for maxV, want := range map[int][]string{0: {"0", "1"}, 3: {"0", "1", "2", "3"}, 7: {"0", "2", "4", "6", "8"}, 130: {"0", "50", "100", "150"}} {
		var ticks []string
		for _, e := range parse(t, string(Columns("t", []Bar{{Label: "a", Value: maxV}}))) {
			if e.name == "text" && e.attrs["text-anchor"] == "end" {
				ticks = append(ticks, e.text)
			}
		}
		if strings.Join(ticks, " ") != strings.Join(want, " ") {
			t.Errorf("max %d: ticks %v, want %v", maxV, ticks, want)
		}
	}
}

// Hostile labels are text, long ones are cut to the label column, and a
// masked count shows as written with no bar to measure it by.
func TestRowsEscapeCutAndMask(t *testing.T) {
	long := strings.Repeat("很长的地名", 10)
	chart := string(Rows(`<script>alert(1)</script>`, []Bar{
		{Label: `<img src=x onerror=alert(1)>`, Value: 10},
		{Label: long, Value: 5},
		{Label: "东山街道", Value: 2, Shown: "<3", Masked: true},
	}))
	if strings.Contains(chart, "<script") || strings.Contains(chart, "<img") {
		t.Fatalf("markup in labels reached the SVG:\n%s", chart)
	}
	els := parse(t, chart)
	var rects []float64
	var texts []string
	for _, e := range els {
		switch e.name {
		case "rect":
			rects = append(rects, num(t, e.attrs["width"]))
		case "text":
			texts = append(texts, e.text)
			if e.attrs["x"] == "0" && textWidth(e.text) > maxLabel+0.01 {
				t.Errorf("label %q is wider than the label column", e.text)
			}
		}
	}
	if len(rects) != 3 || rects[2] != 0 || rects[1] >= rects[0] {
		t.Errorf("bar widths %v: want the masked one empty and the others in proportion", rects)
	}
	joined := strings.Join(texts, "|")
	if !strings.Contains(joined, "<3") || !strings.Contains(joined, "…") || !strings.Contains(joined, "<img src=x") {
		t.Errorf("texts %q: want the mask, a cut label and the hostile label as text", joined)
	}
}
