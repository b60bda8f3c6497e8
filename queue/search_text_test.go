package queue

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// searchHostileQueries are inputs that would break a naively built tsquery.
// The PostgreSQL test feeds them to to_tsquery too.
var searchHostileQueries = []string{
	`'`, `''`, `"`, `\`, `\'`, `&`, `|`, `!`, `!!`, `:`, `:*`, `*`, `(`, `)`, `()`, `<`, `>`, `<->`, `<2>`,
	`a & | b`, `a:*:*`, `a:ABCD`, `'a' & 'b`, `x' | 'y`, `meth)`, `(meth`, `!meth`, `meth:`, `冰毒&`,
	`a\&b`, `--`, `; drop table tips; --`, `%`, `_`, "a\x00b", "\xff\xfe", "tab\tnew\nline",
	"😀", "😀meth😀", "冰🧊毒", "👨‍👩‍👧", "\u200b", "\u3000", "ａ＆ｂ｜！（ｃ）", "＇", "\u0301", "e\u0301",
	"ﷺ", "㈱", strings.Repeat("a", 5000), strings.Repeat("冰毒", 3000), strings.Repeat("a ", 500),
}

// searchQueryValid checks q against the grammar SearchQuery promises:
// term (" & " term)*, where a term is letters, digits and marks, and only the
// last term may end in ":*".
func searchQueryValid(q string) error {
	if q == "" {
		return fmt.Errorf("empty query")
	}
	terms := strings.Split(q, " & ")
	if len(terms) > searchMaxQueryTerms {
		return fmt.Errorf("%d terms", len(terms))
	}
	for i, term := range terms {
		if i == len(terms)-1 {
			term = strings.TrimSuffix(term, ":*")
		}
		if term == "" {
			return fmt.Errorf("empty term %d", i)
		}
		if n := len([]rune(term)); n > searchMaxWordRunes {
			return fmt.Errorf("term %d has %d characters", i, n)
		}
		for _, r := range term {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				return fmt.Errorf("term %d has %q", i, r)
			}
		}
	}
	return nil
}

func TestSearchDocument(t *testing.T) {
	t.Parallel()
	doc := SearchDocument("湘乡市梅桥镇有人卖冰毒，电话138-1234-5678。", "Selling METH at the ＡＢＣ bar; 湘C·12345")
	toks := strings.Fields(doc)
	for _, want := range []string{
		"湘", "乡", "梅桥", "冰毒", "冰", "毒", "卖冰", // unigrams and bigrams
		"138", "1234", "13812345678", // phone groups and the whole number
		"selling", "meth", "abc", // lower-cased, full-width folded
		"c", "12345", "c12345", // plate as written and normalised
	} {
		if !slices.Contains(toks, want) {
			t.Errorf("document lacks %q: %s", want, doc)
		}
	}
	for _, unwanted := range []string{"毒电", "，", "。", ";", "METH", "ＡＢＣ", "湘乡市"} {
		if slices.Contains(toks, unwanted) {
			t.Errorf("document has %q: %s", unwanted, doc)
		}
	}
	seen := map[string]bool{}
	for _, tok := range toks {
		if seen[tok] {
			t.Errorf("token %q repeated", tok)
		}
		seen[tok] = true
	}
	if got := SearchDocument("", "!!! 😀 ——"); got != "" {
		t.Errorf("document of punctuation = %q, want empty", got)
	}
}

func TestSearchDocumentBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, "w%d ", i) // about 59,000 characters
	}
	long := b.String()
	doc := SearchDocument(long, "冰毒")
	toks := strings.Fields(doc)
	if !slices.Contains(toks, "w0") || !slices.Contains(toks, "w3000") {
		t.Fatal("document lost the beginning of the text")
	}
	if slices.Contains(toks, "w9999") || slices.Contains(toks, "冰毒") {
		t.Fatal("document reads past its character budget")
	}
	if len(toks) > searchMaxRunes/2 {
		t.Fatalf("%d tokens from %d characters", len(toks), searchMaxRunes)
	}
	word := strings.Repeat("x", 1000)
	if got := SearchDocument(word); got != strings.Repeat("x", searchMaxWordRunes) {
		t.Fatalf("long word indexed as %d characters", len(got))
	}
	// The query cuts long words the same way, so they still match.
	if q, _ := SearchQuery(word); q != strings.Repeat("x", searchMaxWordRunes)+":*" {
		t.Fatalf("long word queried as %q", q)
	}
}

func TestSearchQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"冰毒", "冰毒", true},
		{"冰", "冰", true},
		{"梅桥 冰毒", "梅桥 & 冰毒", true},
		{"湘乡市", "湘乡 & 乡市", true},
		{"卖冰毒的人卖冰毒", "卖冰 & 冰毒 & 毒的 & 的人 & 人卖", true},
		{"meth", "meth:*", true},
		{"Selling METH", "selling & meth:*", true},
		{"selling meth ", "selling & meth:*", true},
		{"meth 冰毒", "meth & 冰毒", true},
		{"冰毒 meth", "冰毒 & meth:*", true},
		{"ＭＥＴＨ　冰毒", "meth & 冰毒", true},
		{"@dealer_bot", "dealer & bot:*", true},
		{"138 1234 5678", "13812345678:*", true},
		{"电话+86 138-1234-5678", "电话 & 13812345678:*", true},
		{"湘C·12345 白色", "湘 & c12345 & 白色", true},
		{"café", "café:*", true},
		{"e\u0301", "é:*", true},
		{"a'b&c|d", "a & b & c & d:*", true},
		{"", "", false},
		{"   ", "", false},
		{"!!! ??? ……", "", false},
		{"😀🧊", "", false},
		{"'&|!:*()<>\\", "", false},
	}
	for _, tt := range tests {
		got, ok := SearchQuery(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SearchQuery(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSearchQueryHostile(t *testing.T) {
	t.Parallel()
	for _, in := range searchHostileQueries {
		q, ok := SearchQuery(in)
		if !ok {
			if q != "" {
				t.Errorf("SearchQuery(%q) = %q with false", in, q)
			}
			continue
		}
		if err := searchQueryValid(q); err != nil {
			t.Errorf("SearchQuery(%q) = %q: %v", in, q, err)
		}
	}
}

func FuzzSearchQuery(f *testing.F) {
	for _, s := range searchHostileQueries[:40] {
		f.Add(s)
	}
	f.Add("湘乡市梅桥镇 selling meth 138-1234-5678 湘C·D12345")
	f.Fuzz(func(t *testing.T, in string) {
		q, ok := SearchQuery(in)
		if !ok {
			if q != "" {
				t.Fatalf("SearchQuery(%q) = %q with false", in, q)
			}
			return
		}
		if err := searchQueryValid(q); err != nil {
			t.Fatalf("SearchQuery(%q) = %q: %v", in, q, err)
		}
		// Whatever is found must be findable: the document of the query text
		// holds every term.
		toks := strings.Fields(SearchDocument(in))
		for _, term := range strings.Split(q, " & ") {
			if !slices.Contains(toks, strings.TrimSuffix(term, ":*")) {
				t.Fatalf("SearchQuery(%q) term %q not in its own document %q", in, term, toks)
			}
		}
	})
}

func BenchmarkSearchDocument(b *testing.B) {
	text := strings.Repeat("湘乡市梅桥镇有人卖冰毒，电话138-1234-5678。A man is selling meth near the station. ", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SearchDocument(text)
	}
}
