package media

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// A PDF is cleaned in place, byte for byte the same length, so that the
// cross-reference tables, which hold byte offsets, stay valid without being
// rebuilt and no page is parsed, rendered or inflated (a PDF library
// would load and rewrite every object, inflating streams to do so):
//
//   - every document information dictionary (every revision's: an edit
//     appended to a file keeps the old one behind it) has its string
//     values emptied, "(Zhang San)" becoming "()" and spaces, and its name
//     values cut to the empty name;
//   - every XMP metadata stream is filled with an empty XMP packet padded
//     with spaces, its filter struck out so that it is read as written.
//
// An information dictionary packed into a compressed object stream is
// emptied there (pdf_objstm.go); one that cannot be found or edited leaves
// the file stored as it came and marked uncleanable. Outlines, annotations and form fields are the document's
// content and stay.

const pdfMaxDepth = 32

// pdfCleaner edits b, a copy of the file.
type pdfCleaner struct {
	b  []byte
	rm *removals
	// budget is how many more bytes the parser may look at: parsing every
	// object from its start, an unterminated string or dictionary would
	// otherwise be read to the end of the file once per object.
	budget int
	// objects maps an object number to the offsets just after each
	// "N G obj" that defines it, in file order.
	objects map[int][]int
	// packed are the objects emptied inside object streams.
	packed map[int]bool
}

func cleanPDF(orig []byte, rm *removals) ([]byte, error) {
	c := &pdfCleaner{b: bytes.Clone(orig), rm: rm, objects: map[int][]int{}, packed: map[int]bool{}, budget: 8*len(orig) + 1<<16}
	c.indexObjects()
	info, err := c.references("/Info")
	if err != nil {
		return nil, err
	}
	strs := map[int]bool{}
	hidden := map[int]bool{} // named as information but not in the open
	for _, r := range info {
		if r.direct >= 0 {
			if err := c.blankInfo(r.direct, strs); err != nil {
				return nil, err
			}
			continue
		}
		defs := c.objects[r.num]
		if len(defs) == 0 {
			hidden[r.num] = true
		}
		for _, at := range defs {
			p := pdfSkipSpace(c.b, at)
			if !bytes.HasPrefix(c.b[p:], []byte("<<")) {
				return nil, fmt.Errorf("pdf: information dictionary is not a dictionary: %w", errCannotClean)
			}
			if err := c.blankInfo(p, strs); err != nil {
				return nil, err
			}
		}
	}
	// A dictionary that reads like document information but that no
	// trailer names (a damaged file, an older revision) is still read by
	// viewers that rebuild the file, and by anyone looking at its bytes.
	err = c.dictionaries(func(p int, d pdfDict) error {
		if !d.looksLikeInfo() {
			return nil
		}
		return c.blankInfo(p, strs)
	})
	if err != nil {
		return nil, err
	}
	for num := range strs {
		if len(c.objects[num]) == 0 {
			hidden[num] = true
		}
	}
	// A dictionary in an object stream may name strings in another: a
	// second pass finds those.
	for pass := 0; len(hidden) > 0; pass++ {
		if pass == 2 {
			return nil, fmt.Errorf("pdf: information dictionary not found: %w", errCannotClean)
		}
		if err := c.objectStreams(hidden, strs); err != nil {
			return nil, err
		}
		for num := range strs {
			if len(c.objects[num]) == 0 && !c.packed[num] {
				hidden[num] = true
			}
		}
	}
	// Values kept in objects of their own: "/Author 9 0 R".
	for num := range strs {
		for _, at := range c.objects[num] {
			p := pdfSkipSpace(c.b, at)
			if _, err := c.value(p, 0, true); err != nil {
				return nil, err
			}
		}
	}
	meta, err := c.references("/Metadata")
	if err != nil {
		return nil, err
	}
	xmp := map[int]bool{}
	for _, r := range meta {
		if r.direct < 0 {
			xmp[r.num] = true
		}
	}
	for num, defs := range c.objects {
		for _, at := range defs {
			if err := c.metadataStream(at, xmp[num]); err != nil {
				return nil, err
			}
		}
	}
	return c.b, nil
}

// indexObjects finds every "N G obj" in the file. Stream data could in
// principle hold the same bytes; what is then taken for an object is only
// edited if it is referenced as metadata and parses as such.
func (c *pdfCleaner) indexObjects() {
	b := c.b
	for p := 0; ; {
		i := bytes.Index(b[p:], []byte("obj"))
		if i < 0 {
			return
		}
		at := p + i
		p = at + 3
		if p < len(b) && !pdfDelimiter(b[p]) {
			continue
		}
		// Backwards: spaces, generation, spaces, number.
		s1 := pdfSpaceBefore(b, at)
		q, gen := pdfDigitsBefore(b, s1)
		if s1 == at || gen == 0 {
			continue
		}
		q2 := pdfSpaceBefore(b, q)
		q3, n := pdfDigitsBefore(b, q2)
		if q2 == q || n == 0 || n > 10 || (q3 > 0 && !pdfDelimiter(b[q3-1])) {
			continue
		}
		num, err := strconv.Atoi(string(b[q3:q2]))
		if err != nil {
			continue
		}
		c.objects[num] = append(c.objects[num], p)
	}
}

// dictionaries calls fn with every object in the open that is a
// dictionary, and where it starts. One that does not parse is skipped: it
// may be stream data that looked like an object.
func (c *pdfCleaner) dictionaries(fn func(p int, d pdfDict) error) error {
	for _, defs := range c.objects {
		for _, at := range defs {
			p := pdfSkipSpace(c.b, at)
			if !bytes.HasPrefix(c.b[p:], []byte("<<")) {
				continue
			}
			d, err := c.parseDict(p)
			if errors.Is(err, errCannotClean) {
				return err // out of budget
			}
			if err != nil {
				continue
			}
			if err := fn(p, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// pdfRef is where a key points: an object number, or the offset of a
// direct dictionary (direct >= 0).
type pdfRef struct {
	num, direct int
}

// references finds every occurrence of key followed by "N G R" or by a
// direct dictionary.
func (c *pdfCleaner) references(key string) ([]pdfRef, error) {
	var refs []pdfRef
	b := c.b
	for p := 0; ; {
		i := bytes.Index(b[p:], []byte(key))
		if i < 0 {
			return refs, nil
		}
		p += i + len(key)
		if p < len(b) && !pdfDelimiter(b[p]) {
			continue // a longer name, such as /InfoX
		}
		q := pdfSkipSpace(b, p)
		if bytes.HasPrefix(b[q:], []byte("<<")) {
			refs = append(refs, pdfRef{direct: q})
			continue
		}
		if num, ok := pdfReference(b, q); ok {
			refs = append(refs, pdfRef{num: num, direct: -1})
		}
	}
}

// pdfReference reads "N G R" at p.
func pdfReference(b []byte, p int) (int, bool) {
	e, n := pdfDigitsAfter(b, p)
	if n == 0 || n > 10 {
		return 0, false
	}
	num, _ := strconv.Atoi(string(b[p:e]))
	q := pdfSkipSpace(b, e)
	if q == e {
		return 0, false
	}
	e2, n2 := pdfDigitsAfter(b, q)
	if n2 == 0 {
		return 0, false
	}
	q = pdfSkipSpace(b, e2)
	if q == e2 || q >= len(b) || b[q] != 'R' || (q+1 < len(b) && !pdfDelimiter(b[q+1])) {
		return 0, false
	}
	return num, true
}

// blankInfo empties the values of the dictionary at p ("<<"), noting the
// numbers of the objects its values refer to, which hold the strings.
func (c *pdfCleaner) blankInfo(p int, strs map[int]bool) error {
	p += 2
	var err error
	for {
		if p, err = c.skipSpace(p); err != nil {
			return err
		}
		if p >= len(c.b) {
			return fmt.Errorf("pdf: information dictionary: %w", ErrTruncated)
		}
		if bytes.HasPrefix(c.b[p:], []byte(">>")) {
			return nil
		}
		if c.b[p] != '/' {
			return fmt.Errorf("pdf: information dictionary key: %w", errCannotClean)
		}
		p = pdfNameEnd(c.b, p+1)
		if p, err = c.skipSpace(p); err != nil {
			return err
		}
		if num, ok := pdfReference(c.b, p); ok {
			strs[num] = true
			e, _ := pdfDigitsAfter(c.b, p)
			e, _ = pdfDigitsAfter(c.b, pdfSkipSpace(c.b, e))
			p = pdfSkipSpace(c.b, e) + 1
			continue
		}
		if p, err = c.value(p, 0, true); err != nil {
			return err
		}
	}
}

// value finds the end of the value at p and, if edit, empties it: strings
// and names are emptied, arrays and dictionaries emptied within, numbers,
// booleans and references left as they are.
func (c *pdfCleaner) value(p, depth int, edit bool) (int, error) {
	b := c.b
	err := c.spend(1)
	if err != nil {
		return 0, err
	}
	if depth > pdfMaxDepth {
		return 0, fmt.Errorf("pdf: nesting: %w", errCannotClean)
	}
	if p >= len(b) {
		return 0, fmt.Errorf("pdf: value: %w", ErrTruncated)
	}
	switch {
	case b[p] == '(':
		end, err := pdfLiteralEnd(b, p)
		if err != nil {
			return 0, err
		}
		if err = c.spend(end - p); err != nil {
			return 0, err
		}
		if edit {
			c.emptied(p+1, end-1, ')')
		}
		return end, nil
	case bytes.HasPrefix(b[p:], []byte("<<")):
		p += 2
		for {
			if p, err = c.skipSpace(p); err != nil {
				return 0, err
			}
			if p >= len(b) {
				return 0, fmt.Errorf("pdf: dictionary: %w", ErrTruncated)
			}
			if bytes.HasPrefix(b[p:], []byte(">>")) {
				return p + 2, nil
			}
			if b[p] == '/' { // a key stays, its value follows
				p = pdfNameEnd(b, p+1)
				if p, err = c.skipSpace(p); err != nil {
					return 0, err
				}
			}
			if p, err = c.value(p, depth+1, edit); err != nil {
				return 0, err
			}
		}
	case b[p] == '<':
		end := bytes.IndexByte(b[p:], '>')
		if err = c.spend(end); err != nil {
			return 0, err
		}
		if end < 0 {
			return 0, fmt.Errorf("pdf: hex string: %w", ErrTruncated)
		}
		end += p + 1
		if edit {
			c.emptied(p+1, end-1, '>')
		}
		return end, nil
	case b[p] == '[':
		p++
		for {
			if p, err = c.skipSpace(p); err != nil {
				return 0, err
			}
			if p >= len(b) {
				return 0, fmt.Errorf("pdf: array: %w", ErrTruncated)
			}
			if b[p] == ']' {
				return p + 1, nil
			}
			if p, err = c.value(p, depth+1, edit); err != nil {
				return 0, err
			}
		}
	case b[p] == '/':
		end := pdfNameEnd(b, p+1)
		if edit && end > p+1 {
			for i := p + 1; i < end; i++ {
				b[i] = ' '
			}
			c.rm.add("document information")
		}
		return end, nil
	}
	// A number, a boolean, null, "R" of a reference, or a keyword.
	end := p
	for end < len(b) && !pdfDelimiter(b[end]) {
		end++
	}
	if end == p {
		return 0, fmt.Errorf("pdf: unexpected %q: %w", b[p], errCannotClean)
	}
	return end, nil
}

// skipSpace is pdfSkipSpace paid for from the budget.
func (c *pdfCleaner) skipSpace(p int) (int, error) {
	q := pdfSkipSpace(c.b, p)
	return q, c.spend(q - p)
}

// spend takes n bytes of looking from the budget.
func (c *pdfCleaner) spend(n int) error {
	if n < 0 {
		n = len(c.b)
	}
	c.budget -= n
	if c.budget < 0 {
		return fmt.Errorf("pdf: too much to parse: %w", errCannotClean)
	}
	return nil
}

// emptied turns the string between from and to (its closing delimiter at
// to) into an empty one followed by spaces: "(Zhang San)" into "()" and
// nine spaces.
func (c *pdfCleaner) emptied(from, to int, closing byte) {
	if to <= from {
		return
	}
	c.b[from] = closing
	for i := from + 1; i <= to; i++ {
		c.b[i] = ' '
	}
	c.rm.add("document information")
}

// pdfLiteralEnd finds the end of the literal string at p, which balances
// parentheses and escapes them with backslashes.
func pdfLiteralEnd(b []byte, p int) (int, error) {
	depth := 0
	for i := p; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("pdf: string: %w", ErrTruncated)
}

// metadataStream fills the stream of the object at "obj" offset at with
// an empty XMP packet if it is a metadata stream: referenced as /Metadata,
// or typed /Type /Metadata or /Subtype /XML.
func (c *pdfCleaner) metadataStream(at int, referenced bool) error {
	b := c.b
	p := pdfSkipSpace(b, at)
	if !bytes.HasPrefix(b[p:], []byte("<<")) {
		return nil
	}
	dict, err := c.parseDict(p)
	if err != nil {
		if referenced || errors.Is(err, errCannotClean) {
			return err
		}
		return nil // not an object after all
	}
	typed := dict.nameIs(b, "Type", "Metadata") || dict.nameIs(b, "Subtype", "XML")
	if !referenced && !typed {
		return nil
	}
	q := pdfSkipSpace(b, dict.end)
	if !bytes.HasPrefix(b[q:], []byte("stream")) {
		return nil
	}
	q += len("stream")
	if bytes.HasPrefix(b[q:], []byte("\r\n")) {
		q += 2
	} else if q < len(b) && b[q] == '\n' {
		q++
	} else {
		return fmt.Errorf("pdf: stream keyword: %w", errCannotClean)
	}
	// /Length may be a reference; the end keyword is as good a guide for
	// data we are about to overwrite, and bounded by the file.
	end := bytes.Index(b[q:], []byte("endstream"))
	if err := c.spend(end); err != nil {
		return err
	}
	if end < 0 {
		return fmt.Errorf("pdf: metadata stream: %w", ErrTruncated)
	}
	data := bytes.TrimRight(b[q:q+end], "\r\n")
	if v, ok := dict.values["Length"]; ok {
		if n, err := strconv.Atoi(string(bytes.TrimSpace(b[v[0]:v[1]]))); err == nil && n >= 0 && n <= end {
			data = b[q : q+n]
		}
	}
	for _, k := range []string{"Filter", "DecodeParms", "DL"} {
		if v, ok := dict.values[k]; ok {
			for i := dict.keys[k]; i < v[1]; i++ {
				b[i] = ' '
			}
			c.rm.add("XMP")
		}
	}
	empty := emptyXMP(len(data))
	if !bytes.Equal(data, empty) {
		copy(data, empty)
		c.rm.add("XMP")
	}
	return nil
}

// emptyXMP is an XMP packet that says nothing, padded with spaces to n
// bytes, or n spaces where that does not fit.
func emptyXMP(n int) []byte {
	const head = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>`
	const tail = `<?xpacket end="w"?>`
	out := bytes.Repeat([]byte{' '}, n)
	if n >= len(head)+len(tail) {
		copy(out, head)
		copy(out[n-len(tail):], tail)
	}
	return out
}

// pdfDict is a parsed dictionary: for each key, where its value lies and
// where the key starts.
type pdfDict struct {
	values map[string][2]int
	keys   map[string]int
	end    int
}

// looksLikeInfo is true for an untyped dictionary with the keys only
// document information has.
func (d pdfDict) looksLikeInfo() bool {
	if _, typed := d.keys["Type"]; typed {
		return false
	}
	for _, k := range []string{"Author", "Creator", "Producer", "CreationDate", "ModDate"} {
		if _, ok := d.keys[k]; ok {
			return true
		}
	}
	return false
}

func (d pdfDict) nameIs(b []byte, key, name string) bool {
	v, ok := d.values[key]
	return ok && string(bytes.TrimSpace(b[v[0]:v[1]])) == "/"+name
}

// parseDict reads the dictionary at p without changing it.
func (c *pdfCleaner) parseDict(p int) (pdfDict, error) {
	b := c.b
	d := pdfDict{values: map[string][2]int{}, keys: map[string]int{}}
	p += 2
	var err error
	for {
		if p, err = c.skipSpace(p); err != nil {
			return d, err
		}
		if p >= len(b) {
			return d, fmt.Errorf("pdf: dictionary: %w", ErrTruncated)
		}
		if bytes.HasPrefix(b[p:], []byte(">>")) {
			d.end = p + 2
			return d, nil
		}
		if b[p] != '/' {
			return d, fmt.Errorf("pdf: dictionary key: %w", errMalformed)
		}
		keyAt := p
		p = pdfNameEnd(b, p+1)
		key := string(b[keyAt+1 : p])
		if p, err = c.skipSpace(p); err != nil {
			return d, err
		}
		start := p
		if _, ok := pdfReference(b, p); ok {
			e, _ := pdfDigitsAfter(b, p)
			e, _ = pdfDigitsAfter(b, pdfSkipSpace(b, e))
			p = pdfSkipSpace(b, e) + 1
		} else {
			if p, err = c.value(p, 0, false); err != nil {
				return d, err
			}
		}
		d.values[key] = [2]int{start, p}
		d.keys[key] = keyAt
	}
}

func pdfSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func pdfDelimiter(c byte) bool {
	return pdfSpace(c) || bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// pdfSkipSpace skips white space and comments.
func pdfSkipSpace(b []byte, p int) int {
	for p < len(b) {
		switch {
		case pdfSpace(b[p]):
			p++
		case b[p] == '%':
			for p < len(b) && b[p] != '\n' && b[p] != '\r' {
				p++
			}
		default:
			return p
		}
	}
	return p
}

func pdfSpaceBefore(b []byte, p int) int {
	for p > 0 && pdfSpace(b[p-1]) {
		p--
	}
	return p
}

func pdfDigitsBefore(b []byte, p int) (int, int) {
	q := p
	for q > 0 && b[q-1] >= '0' && b[q-1] <= '9' {
		q--
	}
	return q, p - q
}

func pdfDigitsAfter(b []byte, p int) (int, int) {
	q := p
	for q < len(b) && b[q] >= '0' && b[q] <= '9' {
		q++
	}
	return q, q - p
}

func pdfNameEnd(b []byte, p int) int {
	for p < len(b) && !pdfDelimiter(b[p]) {
		p++
	}
	return p
}
