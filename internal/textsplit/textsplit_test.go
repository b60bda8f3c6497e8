package textsplit

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	digest := strings.Repeat("东山街道：新线索3条，已办结2条。\n", 400) // 17 characters and a newline a line
	for _, tc := range []struct {
		name string
		text string
		max  int
		size Measure
	}{
		{"fits", "短消息", 4096, UTF16},
		{"Chinese digest for Telegram", digest, 4096, UTF16},
		{"Chinese digest for a robot", digest, 2048, Bytes},
		{"one long line", strings.Repeat("长", 5000), 4096, UTF16},
		{"emoji count twice", strings.Repeat("🚨", 3000), 4096, UTF16},
		{"bytes never cut a character", strings.Repeat("字", 1000), 100, Bytes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := Split(tc.text, tc.max, tc.size)
			joined := ""
			for i, p := range parts {
				if n := tc.size(p); n > tc.max || n == 0 {
					t.Errorf("part %d has size %d, limit %d", i, n, tc.max)
				}
				if !utf8.ValidString(p) {
					t.Errorf("part %d is cut inside a character", i)
				}
				joined += p
				if strings.Contains(tc.text, "\n") && i < len(parts)-1 {
					joined += "\n"
				}
			}
			if strings.TrimRight(joined, "\n") != strings.TrimRight(tc.text, "\n") {
				t.Errorf("the parts joined lose or change text (%d parts)", len(parts))
			}
			if strings.Contains(tc.text, "\n") {
				for i, p := range parts {
					if !strings.HasSuffix(p, "。") {
						t.Errorf("part %d ends inside a line: …%q", i, p[max(len(p)-12, 0):])
					}
				}
			}
		})
	}
}

func TestNumbered(t *testing.T) {
	mark := func(i, n int) string { return "\n（" + strconv.Itoa(i) + "/" + strconv.Itoa(n) + "）" }
	if got := Numbered("短消息", 4096, UTF16, mark); len(got) != 1 || got[0] != "短消息" {
		t.Errorf("a short message was marked: %q", got)
	}
	parts := Numbered(strings.Repeat("第一节的内容。\n", 1200), 4096, UTF16, mark)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	for i, p := range parts {
		if UTF16(p) > 4096 {
			t.Errorf("part %d is %d long with its mark", i, UTF16(p))
		}
		if want := "（" + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(parts)) + "）"; !strings.HasSuffix(p, want) {
			t.Errorf("part %d does not end with %s", i, want)
		}
	}
}
