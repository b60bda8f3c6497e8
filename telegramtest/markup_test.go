package telegramtest

import "testing"

func TestRenderText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text, mode, want string
		ok               bool
	}{
		{"plain <b>", "", "plain <b>", true},
		{"<b>粗</b> &lt;x&gt; <a href=\"https://a.b\">link</a>", "HTML", "粗 <x> link", true},
		{"<b>open", "HTML", "", false},
		{"<b><i>x</b></i>", "HTML", "", false},
		{"1 < 2", "HTML", "", false},
		{"*粗* _斜_ \\. `c.d` [t](https://x.y/a.b) ||s||", "MarkdownV2", "粗 斜 . c.d t s", true},
		{"K7QM\\-3XPD", "MarkdownV2", "K7QM-3XPD", true},
		{"K7QM-3XPD", "MarkdownV2", "", false},
		{"*open", "MarkdownV2", "", false},
		{"x", "Fancy", "", false},
	} {
		got, err := renderText(tc.text, tc.mode)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("renderText(%q, %q) = %q, %v; want %q ok=%v", tc.text, tc.mode, got, err, tc.want, tc.ok)
		}
	}
}
