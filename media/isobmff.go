package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// One box walker serves the ISO base media file format in all its dresses:
// HEIC/HEIF and AVIF photos, MP4, MOV, M4A and 3GP. It edits a copy of the
// file in place and never moves a byte, so the chunk offsets that point
// into mdat, and the item locations that point into mdat or idat, stay
// valid without being rewritten:
//
//   - metadata boxes (udta, meta outside a picture, uuid, unknown top-level
//     boxes) become "free" boxes of the same size, their payload zeroed;
//   - the Exif, XMP and other metadata items of a picture keep their
//     location, their bytes are zeroed;
//   - the samples of timed metadata and text tracks (dashcam and action
//     camera GPS, Apple's metadata track) are zeroed where they lie;
//   - creation and modification times in the movie, track and media
//     headers are zeroed.
//
// Image and sound samples are never read.

// errCannotClean means the file is of a type we clean but uses a feature we
// do not edit (a compressed movie header, an item built from other items):
// Clean stores it untouched and marks it uncleanable rather than refuse
// the evidence.
var errCannotClean = errors.New("cannot clean")

var xmpUUID = []byte{0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC}

// isoBox is one box: its type, where it starts, where its payload starts
// (after size, type, large size and uuid) and where it ends.
type isoBox struct {
	typ              string
	start, body, end int
	headerEnd        int // after size, type and large size: where "free" payload starts
}

func (x isoBox) payload(b []byte) []byte { return b[x.body:x.end] }

// readISOBox reads the box at p, which must end by limit. A box that does
// not fit is truncated at the top level (the file was cut) and malformed
// inside another box (it lies about its size).
func readISOBox(b []byte, p, limit int, top bool) (isoBox, error) {
	bad := errMalformed
	if top {
		bad = ErrTruncated
	}
	if limit-p < 8 {
		return isoBox{}, fmt.Errorf("isobmff: box header at %d: %w", p, bad)
	}
	size := uint64(binary.BigEndian.Uint32(b[p:]))
	x := isoBox{typ: string(b[p+4 : p+8]), start: p, headerEnd: p + 8}
	switch size {
	case 0: // to the end of the enclosing box
		size = uint64(limit - p)
	case 1:
		if limit-p < 16 {
			return isoBox{}, fmt.Errorf("isobmff: large size at %d: %w", p, bad)
		}
		size = binary.BigEndian.Uint64(b[p+8:])
		x.headerEnd = p + 16
	}
	x.body = x.headerEnd
	if x.typ == "uuid" {
		x.body += 16
	}
	if size < uint64(x.body-p) {
		return isoBox{}, fmt.Errorf("isobmff: box %q size %d: %w", printable(x.typ), size, errMalformed)
	}
	if size > uint64(limit-p) {
		return isoBox{}, fmt.Errorf("isobmff: box %q at %d: %w", printable(x.typ), p, bad)
	}
	x.end = p + int(size)
	return x, nil
}

// isoChildren reads the boxes that fill b[from:to] exactly.
func isoChildren(b []byte, from, to int, top bool) ([]isoBox, error) {
	var kids []isoBox
	for p := from; p < to; {
		x, err := readISOBox(b, p, to, top)
		if err != nil {
			return nil, err
		}
		kids = append(kids, x)
		p = x.end
	}
	return kids, nil
}

// printable keeps box types in errors to ASCII letters.
func printable(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c < 0x20 || c > 0x7E {
			out[i] = '?'
		}
	}
	return string(out)
}

// isoCleaner edits b, a copy of the file.
type isoCleaner struct {
	b  []byte
	rm *removals
	// budget is how many more bytes may be zeroed: samples and items that
	// do not overlap add up to less than the file, tables that lie about
	// them could otherwise have us zero the same megabyte a million times.
	budget uint64
}

func (c *isoCleaner) spend(n uint64) error {
	if n > c.budget {
		return fmt.Errorf("isobmff: overlapping samples or items: %w", errMalformed)
	}
	c.budget -= n
	return nil
}

func cleanISOBMFF(orig []byte, rm *removals) ([]byte, error) {
	c := &isoCleaner{b: bytes.Clone(orig), rm: rm, budget: uint64(len(orig))}
	top, err := isoChildren(c.b, 0, len(c.b), true)
	if err != nil {
		return nil, err
	}
	if len(top) == 0 || top[0].typ != "ftyp" {
		return nil, fmt.Errorf("isobmff: no ftyp first: %w", errMalformed)
	}
	for _, x := range top {
		switch x.typ {
		case "ftyp", "mdat", "wide", "moof", "mfra", "styp", "sidx", "ssix", "prft", "emsg", "pdin":
		case "free", "skip":
			c.free(x, "unused space")
		case "moov":
			err = c.movie(x)
		case "meta":
			err = c.topMeta(x)
		case "uuid":
			c.free(x, c.uuidName(x))
		default:
			// A box no player needs is where a vendor keeps its own
			// records (dashcams put a GPS index here).
			c.free(x, "vendor box")
		}
		if err != nil {
			return nil, err
		}
	}
	return c.b, nil
}

// free turns a box into a "free" box of the same size with a zeroed
// payload, telling officers what was there. A box that is already free
// and zero is left alone, so cleaning twice finds nothing the second time.
func (c *isoCleaner) free(x isoBox, what string) {
	copy(c.b[x.start+4:], "free")
	if zero(c.b[x.headerEnd:x.end]) {
		return
	}
	if hasLocation(c.b[x.headerEnd:x.end]) {
		c.rm.add("GPS")
	}
	clear(c.b[x.headerEnd:x.end])
	c.rm.add(what)
}

// zero reports whether every byte of b is zero, and blanks nothing.
func zero(b []byte) bool {
	for _, v := range b {
		if v != 0 {
			return false
		}
	}
	return true
}

// blank zeroes b and reports whether anything was there.
func blank(b []byte) bool {
	if zero(b) {
		return false
	}
	clear(b)
	return true
}

// hasLocation recognises the ways cameras and phones write a place into
// movie metadata: QuickTime's ©xyz, Apple's ISO 6709 key, 3GPP's loci.
func hasLocation(b []byte) bool {
	return bytes.Contains(b, []byte("\xa9xyz")) || bytes.Contains(b, []byte("location.ISO6709")) ||
		bytes.Contains(b, []byte("loci")) || bytes.Contains(b, []byte("GPSLatitude"))
}

func (c *isoCleaner) uuidName(x isoBox) string {
	if bytes.Equal(c.b[x.headerEnd:x.body], xmpUUID) {
		return "XMP"
	}
	return "vendor box"
}

// spare frees a box that nothing needs to play a movie or a track, and
// reports whether x was one.
func (c *isoCleaner) spare(x isoBox) bool {
	switch x.typ {
	case "udta":
		c.free(x, "user data")
	case "meta":
		c.free(x, "QuickTime metadata")
	case "free", "skip":
		// Editors leave old metadata behind in space they freed.
		c.free(x, "unused space")
	case "uuid":
		c.free(x, c.uuidName(x))
	default:
		return false
	}
	return true
}

// movie cleans moov: its header's times, each track, and the user data,
// metadata and vendor boxes, which nothing needs to play the movie.
func (c *isoCleaner) movie(moov isoBox) error {
	return c.each(moov, func(x isoBox) error {
		switch x.typ {
		case "mvhd":
			return c.headerTimes(x)
		case "trak":
			return c.track(x)
		case "cmov":
			// A compressed movie header hides its metadata in zlib data
			// that we would have to inflate and rewrite.
			return fmt.Errorf("isobmff: compressed movie header: %w", errCannotClean)
		}
		return nil
	})
}

// each frees the spare children of x and hands the others to clean.
func (c *isoCleaner) each(x isoBox, clean func(isoBox) error) error {
	kids, err := isoChildren(c.b, x.body, x.end, false)
	if err != nil {
		return err
	}
	for _, k := range kids {
		if c.spare(k) {
			continue
		}
		if err := clean(k); err != nil {
			return err
		}
	}
	return nil
}

// headerTimes zeroes creation and modification time of mvhd, tkhd or mdhd:
// both are seconds since 1904, 32 bits in version 0 and 64 in version 1,
// right after version and flags.
func (c *isoCleaner) headerTimes(x isoBox) error {
	p := x.payload(c.b)
	if len(p) < 4 {
		return fmt.Errorf("isobmff: %s: %w", x.typ, errMalformed)
	}
	n := 8
	if p[0] == 1 {
		n = 16
	}
	if len(p) < 4+n {
		return fmt.Errorf("isobmff: %s: %w", x.typ, errMalformed)
	}
	if blank(p[4 : 4+n]) {
		c.rm.add("times")
	}
	return nil
}

// track cleans one trak. The samples of tracks that only carry metadata
// or text are zeroed: action cameras and dashcams record GPS there.
func (c *isoCleaner) track(trak isoBox) error {
	return c.each(trak, func(x isoBox) error {
		switch x.typ {
		case "tkhd":
			return c.headerTimes(x)
		case "mdia":
			return c.media(x)
		}
		return nil
	})
}

// timedMetadata lists the handler types of tracks whose samples are
// metadata or text rather than pictures or sound.
var timedMetadata = map[string]bool{"meta": true, "camm": true, "text": true, "sbtl": true, "subt": true}

func (c *isoCleaner) media(mdia isoBox) error {
	kids, err := isoChildren(c.b, mdia.body, mdia.end, false)
	if err != nil {
		return err
	}
	var handler string
	var minf *isoBox
	for i, x := range kids {
		switch x.typ {
		case "mdhd":
			if err := c.headerTimes(x); err != nil {
				return err
			}
		case "hdlr":
			handler = isoHandler(x.payload(c.b))
		case "minf":
			minf = &kids[i]
		case "udta", "meta":
			c.free(x, "QuickTime metadata")
		}
	}
	if !timedMetadata[handler] {
		return nil
	}
	// A metadata track whose samples cannot be found cannot be cleaned.
	if minf == nil {
		return fmt.Errorf("isobmff: metadata track without minf: %w", errMalformed)
	}
	kids, err = isoChildren(c.b, minf.body, minf.end, false)
	if err != nil {
		return err
	}
	for _, x := range kids {
		if x.typ == "stbl" {
			return c.zeroSamples(x)
		}
	}
	return fmt.Errorf("isobmff: metadata track without sample table: %w", errMalformed)
}

// isoHandler reads the handler type of an hdlr box: version and flags,
// pre_defined, then the four-letter type.
func isoHandler(p []byte) string {
	if len(p) < 12 {
		return ""
	}
	return string(p[8:12])
}

// zeroSamples zeroes every sample of a track from its sample table: sizes
// (stsz or stz2), chunks (stco or co64) and the samples of each chunk
// (stsc). Every count is checked against the bytes that hold it, so a
// table that lies fails instead of looping or allocating.
func (c *isoCleaner) zeroSamples(stbl isoBox) error {
	kids, err := isoChildren(c.b, stbl.body, stbl.end, false)
	if err != nil {
		return err
	}
	var stsz, stsc, chunks []byte
	var compact, wide bool
	for _, x := range kids {
		switch x.typ {
		case "stsz":
			stsz = x.payload(c.b)
		case "stz2":
			stsz, compact = x.payload(c.b), true
		case "stsc":
			stsc = x.payload(c.b)
		case "stco":
			chunks = x.payload(c.b)
		case "co64":
			chunks, wide = x.payload(c.b), true
		}
	}
	if stsz == nil || stsc == nil || chunks == nil {
		return fmt.Errorf("isobmff: metadata track without sample table: %w", errMalformed)
	}
	sizes, err := newSampleSizes(stsz, compact)
	if err != nil {
		return err
	}
	offsets, err := newChunkOffsets(chunks, wide)
	if err != nil {
		return err
	}
	if len(stsc) < 8 {
		return fmt.Errorf("isobmff: stsc: %w", errMalformed)
	}
	runs := uint64(binary.BigEndian.Uint32(stsc[4:]))
	if runs > uint64(len(stsc)-8)/12 {
		return fmt.Errorf("isobmff: stsc count: %w", errMalformed)
	}
	sample := uint64(0)
	zeroed := false
	for r := uint64(0); r < runs; r++ {
		e := stsc[8+12*r:]
		first := uint64(binary.BigEndian.Uint32(e))
		perChunk := uint64(binary.BigEndian.Uint32(e[4:]))
		last := offsets.count + 1 // chunks are numbered from 1
		if r+1 < runs {
			last = uint64(binary.BigEndian.Uint32(stsc[8+12*(r+1):]))
		}
		if first == 0 || last > offsets.count+1 || first > last {
			return fmt.Errorf("isobmff: stsc run %d: %w", r, errMalformed)
		}
		for chunk := first; chunk < last; chunk++ {
			off := offsets.at(chunk - 1)
			for i := uint64(0); i < perChunk; i++ {
				if sample >= sizes.count {
					return fmt.Errorf("isobmff: more samples in chunks than sizes: %w", errMalformed)
				}
				n := sizes.at(sample)
				sample++
				if off > uint64(len(c.b)) || n > uint64(len(c.b))-off {
					return fmt.Errorf("isobmff: sample past end of file: %w", errMalformed)
				}
				if err := c.spend(n); err != nil {
					return err
				}
				if blank(c.b[off : off+n]) {
					zeroed = true
				}
				off += n
			}
		}
	}
	if zeroed {
		c.rm.add("timed metadata")
		c.rm.add("GPS") // that is what such tracks are recorded for; officers should assume it
	}
	return nil
}

// sampleSizes reads stsz (a fixed size or 32-bit sizes) or stz2 (4, 8 or
// 16-bit sizes) without copying the table.
type sampleSizes struct {
	fixed, count uint64
	table        []byte
	bits         int
}

func newSampleSizes(p []byte, compact bool) (sampleSizes, error) {
	if len(p) < 12 {
		return sampleSizes{}, fmt.Errorf("isobmff: sample sizes: %w", errMalformed)
	}
	s := sampleSizes{count: uint64(binary.BigEndian.Uint32(p[8:])), table: p[12:], bits: 32}
	if compact {
		s.bits = int(p[7])
		if s.bits != 4 && s.bits != 8 && s.bits != 16 {
			return sampleSizes{}, fmt.Errorf("isobmff: stz2 field size %d: %w", s.bits, errMalformed)
		}
	} else if s.fixed = uint64(binary.BigEndian.Uint32(p[4:])); s.fixed != 0 {
		return s, nil
	}
	if s.count > uint64(len(s.table))*8/uint64(s.bits) {
		return sampleSizes{}, fmt.Errorf("isobmff: sample size count: %w", errMalformed)
	}
	return s, nil
}

func (s sampleSizes) at(i uint64) uint64 {
	switch {
	case s.fixed != 0:
		return s.fixed
	case s.bits == 32:
		return uint64(binary.BigEndian.Uint32(s.table[4*i:]))
	case s.bits == 16:
		return uint64(binary.BigEndian.Uint16(s.table[2*i:]))
	case s.bits == 8:
		return uint64(s.table[i])
	}
	v := s.table[i/2]
	if i%2 == 0 {
		return uint64(v >> 4)
	}
	return uint64(v & 0x0F)
}

// chunkOffsets reads stco (32-bit) or co64 (64-bit) file offsets.
type chunkOffsets struct {
	count uint64
	table []byte
	wide  bool
}

func newChunkOffsets(p []byte, wide bool) (chunkOffsets, error) {
	if len(p) < 8 {
		return chunkOffsets{}, fmt.Errorf("isobmff: chunk offsets: %w", errMalformed)
	}
	o := chunkOffsets{count: uint64(binary.BigEndian.Uint32(p[4:])), table: p[8:], wide: wide}
	width := uint64(4)
	if wide {
		width = 8
	}
	if o.count > uint64(len(o.table))/width {
		return chunkOffsets{}, fmt.Errorf("isobmff: chunk offset count: %w", errMalformed)
	}
	return o, nil
}

func (o chunkOffsets) at(i uint64) uint64 {
	if o.wide {
		return binary.BigEndian.Uint64(o.table[8*i:])
	}
	return uint64(binary.BigEndian.Uint32(o.table[4*i:]))
}

// metaChildren reads the children of a meta box, which ISO writes as a
// full box (version and flags first) and QuickTime as a plain one.
func metaChildren(b []byte, x isoBox) ([]isoBox, error) {
	from := x.body
	if x.end-from >= 4 && binary.BigEndian.Uint32(b[from:]) == 0 {
		from += 4
	}
	return isoChildren(b, from, x.end, false)
}

// topMeta cleans the meta box at the top of a file. In a HEIF or AVIF
// picture it holds the picture itself, so only its metadata items are
// zeroed; any other top-level meta is metadata through and through.
func (c *isoCleaner) topMeta(meta isoBox) error {
	kids, err := metaChildren(c.b, meta)
	if err != nil {
		return err
	}
	var iinf, iloc, idat *isoBox
	handler := ""
	for i, x := range kids {
		switch x.typ {
		case "hdlr":
			handler = isoHandler(x.payload(c.b))
		case "iinf":
			iinf = &kids[i]
		case "iloc":
			iloc = &kids[i]
		case "idat":
			idat = &kids[i]
		}
	}
	if handler != "pict" {
		c.free(meta, "metadata")
		return nil
	}
	if iinf == nil {
		return nil
	}
	items, err := c.metadataItems(*iinf)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	if iloc == nil {
		return fmt.Errorf("isobmff: items without locations: %w", errMalformed)
	}
	return c.zeroItems(*iloc, idat, items)
}

// metadataItems maps the IDs of the items that carry metadata rather than
// pictures to what officers are told they were.
func (c *isoCleaner) metadataItems(iinf isoBox) (map[uint32]string, error) {
	p := iinf.payload(c.b)
	if len(p) < 6 {
		return nil, fmt.Errorf("isobmff: iinf: %w", errMalformed)
	}
	from := iinf.body + 6
	if p[0] != 0 {
		from += 2 // 32-bit entry count
	}
	if from > iinf.end {
		return nil, fmt.Errorf("isobmff: iinf: %w", errMalformed)
	}
	kids, err := isoChildren(c.b, from, iinf.end, false)
	if err != nil {
		return nil, err
	}
	items := map[uint32]string{}
	for _, x := range kids {
		if x.typ != "infe" {
			continue
		}
		id, what, err := infeMetadata(x.payload(c.b))
		if err != nil {
			return nil, err
		}
		if what != "" {
			items[id] = what
		}
	}
	return items, nil
}

// infeMetadata reads one item info entry and says whether the item is
// metadata: Exif, a MIME item (XMP is application/rdf+xml) or a URI item.
func infeMetadata(p []byte) (uint32, string, error) {
	if len(p) < 8 {
		return 0, "", fmt.Errorf("isobmff: infe: %w", errMalformed)
	}
	version := p[0]
	var id uint32
	rest := p[4:]
	switch {
	case version >= 3:
		if len(rest) < 10 {
			return 0, "", fmt.Errorf("isobmff: infe: %w", errMalformed)
		}
		id, rest = binary.BigEndian.Uint32(rest), rest[4:]
	default:
		id, rest = uint32(binary.BigEndian.Uint16(rest)), rest[2:]
	}
	rest = rest[2:] // protection index
	if version < 2 {
		// No item type: name, then content type.
		_, rest = cString(rest)
		ct, _ := cString(rest)
		if bytes.Contains(ct, []byte("xml")) {
			return id, "XMP", nil
		}
		return id, "", nil
	}
	if len(rest) < 4 {
		return 0, "", fmt.Errorf("isobmff: infe type: %w", errMalformed)
	}
	switch string(rest[:4]) {
	case "Exif":
		return id, "EXIF", nil
	case "mime":
		_, rest = cString(rest[4:])
		if ct, _ := cString(rest); bytes.Contains(ct, []byte("xml")) {
			return id, "XMP", nil
		}
		return id, "metadata item", nil
	case "uri ":
		return id, "metadata item", nil
	}
	return id, "", nil
}

// cString splits a null-terminated string off b; without a null the whole
// of b is the string.
func cString(b []byte) (s, rest []byte) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

// zeroItems zeroes the extents of the given items as iloc places them: in
// the file (construction method 0) or in idat (method 1).
func (c *isoCleaner) zeroItems(iloc isoBox, idat *isoBox, items map[uint32]string) error {
	extents, err := itemExtents(iloc.payload(c.b))
	if err != nil {
		return err
	}
	for _, e := range extents {
		if what, ok := items[e.item]; ok {
			if err := c.zeroExtent(e.method, e.offset, e.length, idat, what); err != nil {
				return err
			}
		}
	}
	return nil
}

// itemExtent is where a part of an item's data lies.
type itemExtent struct {
	item                   uint32
	method, offset, length uint64
}

// itemExtents reads an iloc box. Each extent read is checked against the
// box, so a count that lies fails before it allocates more than the box
// could hold.
func itemExtents(p []byte) ([]itemExtent, error) {
	r := isoReader{p: p}
	version := r.u8()
	r.skip(3)
	sizes := r.u8()
	offsetSize, lengthSize := int(sizes>>4), int(sizes&0x0F)
	sizes = r.u8()
	baseSize, indexSize := int(sizes>>4), int(sizes&0x0F)
	if version == 0 {
		indexSize = 0
	}
	for _, n := range []int{offsetSize, lengthSize, baseSize, indexSize} {
		if n != 0 && n != 4 && n != 8 {
			return nil, fmt.Errorf("isobmff: iloc field size %d: %w", n, errMalformed)
		}
	}
	count := r.uint(2)
	if version == 2 {
		count = r.uint(4)
	}
	var out []itemExtent
	for i := uint64(0); i < count && r.err == nil; i++ {
		id := r.uint(2)
		if version == 2 {
			id = r.uint(4)
		}
		method := uint64(0)
		if version == 1 || version == 2 {
			method = r.uint(2) & 0x0F
		}
		r.skip(2) // data reference index
		base := r.uint(baseSize)
		extents := r.uint(2)
		for e := uint64(0); e < extents && r.err == nil; e++ {
			r.skip(indexSize)
			off, n := r.uint(offsetSize), r.uint(lengthSize)
			if r.err == nil {
				out = append(out, itemExtent{item: uint32(id), method: method, offset: base + off, length: n})
			}
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("isobmff: iloc: %w", r.err)
	}
	return out, nil
}

func (c *isoCleaner) zeroExtent(method, off, n uint64, idat *isoBox, what string) error {
	var area []byte
	switch method {
	case 0:
		area = c.b
	case 1:
		if idat == nil {
			return fmt.Errorf("isobmff: item in missing idat: %w", errMalformed)
		}
		area = idat.payload(c.b)
	default:
		return fmt.Errorf("isobmff: item construction method %d: %w", method, errCannotClean)
	}
	if n == 0 {
		// "The whole file": never what an Exif or XMP item is.
		return fmt.Errorf("isobmff: metadata item of unbounded length: %w", errCannotClean)
	}
	if off > uint64(len(area)) || n > uint64(len(area))-off {
		return fmt.Errorf("isobmff: item past its container: %w", errMalformed)
	}
	if err := c.spend(n); err != nil {
		return err
	}
	ext := area[off : off+n]
	if zero(ext) {
		return nil
	}
	if what == "EXIF" {
		// An Exif item starts with the offset of the TIFF header.
		if len(ext) >= 4 {
			skip := uint64(binary.BigEndian.Uint32(ext)) + 4
			if skip < uint64(len(ext)) {
				if _, gps := exifFacts(ext[skip:]); gps {
					c.rm.add("GPS")
				}
			}
		}
	} else if bytes.Contains(ext, []byte("GPSLatitude")) {
		c.rm.add("GPS")
	}
	clear(ext)
	c.rm.add(what)
	return nil
}

// isoReader reads big-endian fields of 0 to 8 bytes, remembering the first
// read past the end instead of failing at every call.
type isoReader struct {
	p   []byte
	err error
}

func (r *isoReader) uint(n int) uint64 {
	var v uint64
	for _, c := range r.take(n) {
		v = v<<8 | uint64(c)
	}
	return v
}

func (r *isoReader) u8() byte { return byte(r.uint(1)) }

func (r *isoReader) skip(n int) { r.take(n) }

func (r *isoReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.p) {
		r.err = errMalformed
		return nil
	}
	b := r.p[:n]
	r.p = r.p[n:]
	return b
}
