package queue

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Full-text search over tips, for Chinese and English alike.
//
// PostgreSQL's parser does not segment Chinese (a whole run of Han characters
// becomes one "word") and no Chinese extension can be installed, so the words
// are cut here in Go and PostgreSQL only stores and indexes them:
//
//	search tsvector  -- to_tsvector('simple', SearchDocument(...)), GIN-indexed
//	WHERE search @@ to_tsquery('simple', $1)  -- $1 from SearchQuery(q)
//
// Text is NFKC-normalised first (full-width ＡＢ１２ become AB12) and cut into
// runs of CJK characters and words of letters, digits and marks; everything
// else separates them.
//
//   - A CJK run is indexed as every single character and every pair of
//     neighbours: 湘乡市梅桥镇 gives 湘 乡 市 梅 桥 镇 湘乡 乡市 市梅 梅桥 桥镇.
//     A query run of two or more characters must contain all its pairs
//     (梅桥镇 → 梅桥 & 桥镇); a single character matches as itself. This finds
//     every substring at the price of rare false hits where the pairs occur
//     apart.
//   - Other words are lower-cased. The last word of a query matches as a
//     prefix (sell → selling), so results can follow typing.
//   - Phone numbers and licence plates (ExtractEntities) are also indexed in
//     their normalised form, and a query's phones and plates are searched in
//     that form, so 138-1234-5678, +86 138 1234 5678 and 13812345678 find each
//     other, as do 湘C·12345 and 湘c12345.
//
// Query terms are joined with & and contain only letters, digits and marks,
// so no input can produce a tsquery syntax error. Documents are bounded: only
// the first searchMaxRunes characters are read and words are cut at
// searchMaxWordRunes, far inside PostgreSQL's limits (2 KB per word, 1 MB per
// tsvector).
const (
	searchMaxRunes      = 20000
	searchMaxWordRunes  = 64
	searchMaxQueryTerms = 64
)

// searchRun is a run of CJK characters or a (lower-cased) word.
type searchRun struct {
	cjk   bool
	runes []rune
}

// SearchDocument returns the text to index for the given texts (description,
// forwarded posts, area…), to be stored as to_tsvector('simple', doc). Its
// tokens are separated by spaces and each appears once.
func SearchDocument(texts ...string) string {
	var b strings.Builder
	seen := make(map[string]bool)
	emit := func(tok string) {
		if seen[tok] {
			return
		}
		seen[tok] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
	}
	emitRuns := func(runs []searchRun) {
		for _, r := range runs {
			if !r.cjk {
				emit(string(r.runes))
				continue
			}
			for i := range r.runes {
				emit(string(r.runes[i : i+1]))
				if i+1 < len(r.runes) {
					emit(string(r.runes[i : i+2]))
				}
			}
		}
	}
	budget := searchMaxRunes
	for _, text := range texts {
		if budget <= 0 {
			break
		}
		text = searchCap(text, budget)
		budget -= len([]rune(text))
		emitRuns(searchRuns(text))
		emitRuns(searchEntityRuns(text))
	}
	return b.String()
}

// SearchQuery turns what an officer typed into text for
// to_tsquery('simple', $1). It reports false when q holds nothing searchable
// (only punctuation, emoji or spaces); the caller should then not filter or
// show no results, as it prefers.
func SearchQuery(q string) (string, bool) {
	return searchQuery(q, false)
}

// searchEstimateQuery is SearchQuery with one pair of each run of CJK
// characters, to estimate how many tips the search matches: the planner takes
// a query's terms as independent, while the pairs of one run (出租 and 租屋 of
// 出租屋) nearly always come together, so their product underestimated 老四
// 出租屋 forty-fold (400 for 14,985). One pair bounds the run from above.
func searchEstimateQuery(q string) (string, bool) {
	return searchQuery(q, true)
}

func searchQuery(q string, estimate bool) (string, bool) {
	runs := searchEntityRuns(searchCap(q, searchMaxRunes))

	var terms []string
	seen := make(map[string]bool)
	add := func(t string) {
		if !seen[t] && len(terms) < searchMaxQueryTerms {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, r := range runs {
		switch {
		case !r.cjk:
			add(string(r.runes))
		case len(r.runes) == 1:
			add(string(r.runes))
		case estimate:
			add(string(r.runes[:2]))
		default:
			for i := 0; i+1 < len(r.runes); i++ {
				add(string(r.runes[i : i+2]))
			}
		}
	}
	if len(terms) == 0 {
		return "", false
	}
	if last := runs[len(runs)-1]; !last.cjk && terms[len(terms)-1] == string(last.runes) {
		terms[len(terms)-1] += ":*"
	}
	return strings.Join(terms, " & "), true
}

// searchEntityRuns cuts text like searchRuns, but phones and plates become
// the runs of their normalised Value. A query is cut this way only; a
// document both ways, so that every query term of the same text is in it.
func searchEntityRuns(text string) []searchRun {
	var runs []searchRun
	src := []rune(text)
	at := 0
	for _, m := range entityScan(text) {
		if m.Kind != EntityPhone && m.Kind != EntityPlate || m.start < at {
			continue
		}
		runs = append(runs, searchRuns(string(src[at:m.start]))...)
		runs = append(runs, searchRuns(m.Value)...)
		at = m.end
	}
	return append(runs, searchRuns(string(src[at:]))...)
}

// searchCap returns at most max characters of s.
func searchCap(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}

// searchRuns normalises text and cuts it into CJK runs and words.
func searchRuns(text string) []searchRun {
	// NFKC may lengthen text (ligatures, ㈱): cap again after it.
	text = searchCap(norm.NFKC.String(text), searchMaxRunes)
	var runs []searchRun
	var cur searchRun
	flush := func() {
		if len(cur.runes) > 0 {
			if !cur.cjk && len(cur.runes) > searchMaxWordRunes {
				cur.runes = cur.runes[:searchMaxWordRunes]
			}
			runs = append(runs, cur)
		}
		cur = searchRun{}
	}
	for _, r := range text {
		switch {
		case searchCJK(r):
			if !cur.cjk {
				flush()
				cur.cjk = true
			}
			cur.runes = append(cur.runes, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if cur.cjk {
				flush()
			}
			cur.runes = append(cur.runes, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return runs
}

func searchCJK(r rune) bool {
	// Letters only: radicals and CJK symbols (⺨, 〆) are Han script but not
	// words.
	return unicode.IsLetter(r) && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
}
