package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Voice notes are Opus in Ogg. The second packet of an Opus stream, the
// comment header (OpusTags), holds the recording app's name and any tags
// (title, artist, date, place) an app chose to write. It is replaced by
// one that holds nothing; the audio pages are copied untouched but for
// their sequence numbers and checksums, which follow from the comment
// header's pages. The Opus specification puts the comment header on pages
// of its own, so no audio packet is ever split or joined. Other Ogg
// codecs (Vorbis, whose comment header shares a page with its setup
// header; Theora; chained or multiplexed streams) are not cleaned.

var (
	opusHead  = []byte("OpusHead")
	opusTags  = []byte("OpusTags")
	emptyTags = []byte("OpusTags\x00\x00\x00\x00\x00\x00\x00\x00") // no vendor, no comments
)

// oggPage is one page: its header fields and where its body lies.
type oggPage struct {
	start, body, end int
	flags            byte
	serial, seq      uint32
	segments         []byte
}

// readOggPage reads the page at p.
func readOggPage(b []byte, p int) (oggPage, error) {
	if len(b)-p < 27 {
		return oggPage{}, fmt.Errorf("ogg: page header at %d: %w", p, ErrTruncated)
	}
	if !bytes.HasPrefix(b[p:], []byte("OggS")) || b[p+4] != 0 {
		return oggPage{}, fmt.Errorf("ogg: no page at %d: %w", p, errMalformed)
	}
	n := int(b[p+26])
	if len(b)-p < 27+n {
		return oggPage{}, fmt.Errorf("ogg: segment table at %d: %w", p, ErrTruncated)
	}
	pg := oggPage{
		start: p, body: p + 27 + n, flags: b[p+5],
		serial: binary.LittleEndian.Uint32(b[p+14:]), seq: binary.LittleEndian.Uint32(b[p+18:]),
		segments: b[p+27 : p+27+n],
	}
	size := 0
	for _, s := range pg.segments {
		size += int(s)
	}
	if len(b)-pg.body < size {
		return oggPage{}, fmt.Errorf("ogg: page body at %d: %w", p, ErrTruncated)
	}
	pg.end = pg.body + size
	return pg, nil
}

// endsPacket reports whether the page's last segment ends a packet: a
// segment of 255 bytes continues on the next page.
func (pg oggPage) endsPacket() bool {
	return len(pg.segments) > 0 && pg.segments[len(pg.segments)-1] < 255
}

// onePacket reports whether the page holds exactly one packet that ends
// on it.
func (pg oggPage) onePacket() bool {
	for _, s := range pg.segments[:max(len(pg.segments)-1, 0)] {
		if s < 255 {
			return false
		}
	}
	return pg.endsPacket()
}

func cleanOgg(b []byte, rm *removals) ([]byte, error) {
	var pages []oggPage
	p := 0
	for p < len(b) {
		if !bytes.HasPrefix(b[p:], []byte("OggS")) && len(pages) > 0 {
			rm.add("trailing data")
			break
		}
		pg, err := readOggPage(b, p)
		if err != nil {
			return nil, err
		}
		pages = append(pages, pg)
		p = pg.end
	}
	if len(pages) < 3 {
		return nil, fmt.Errorf("ogg: %d pages: %w", len(pages), errCannotClean)
	}
	head := pages[0]
	if head.flags&0x02 == 0 || !head.onePacket() || !bytes.HasPrefix(b[head.body:], opusHead) {
		return nil, fmt.Errorf("ogg: not an Opus stream: %w", errCannotClean)
	}
	// The comment header: from page 1 to the page where its packet ends,
	// which must end that page too.
	last := 1
	for ; last < len(pages); last++ {
		pg := pages[last]
		if pg.serial != head.serial || pg.flags&0x02 != 0 {
			return nil, fmt.Errorf("ogg: several streams: %w", errCannotClean)
		}
		if pg.endsPacket() {
			break
		}
	}
	if last == len(pages) || !bytes.HasPrefix(b[pages[1].body:], opusTags) {
		return nil, fmt.Errorf("ogg: no comment header: %w", errMalformed)
	}
	for i := 1; i <= last; i++ {
		for _, s := range pages[i].segments[:max(len(pages[i].segments)-1, 0)] {
			if s < 255 {
				return nil, fmt.Errorf("ogg: comment header shares a page: %w", errCannotClean)
			}
		}
	}
	if last == 1 && bytes.Equal(b[pages[1].body:pages[1].end], emptyTags) {
		return b[:pages[len(pages)-1].end], nil
	}
	rm.add("Ogg comments")

	out := make([]byte, 0, len(b))
	out = append(out, b[head.start:head.end]...)
	tags := len(out)
	out = append(out, b[pages[1].start:pages[1].start+26]...)
	out = append(out, 1, byte(len(emptyTags)))
	out = append(out, emptyTags...)
	out[tags+5] = 0                                // neither continued nor first nor last
	binary.LittleEndian.PutUint64(out[tags+6:], 0) // header pages have granule position 0
	binary.LittleEndian.PutUint32(out[tags+18:], pages[0].seq+1)
	setOggCRC(out[tags:])
	dropped := uint32(last - 1)
	for _, pg := range pages[last+1:] {
		if pg.serial != head.serial || pg.flags&0x02 != 0 {
			return nil, fmt.Errorf("ogg: several streams: %w", errCannotClean)
		}
		at := len(out)
		out = append(out, b[pg.start:pg.end]...)
		if dropped > 0 {
			binary.LittleEndian.PutUint32(out[at+18:], pg.seq-dropped)
			setOggCRC(out[at:])
		}
	}
	return out, nil
}

// oggCRCTable is for Ogg's CRC-32: polynomial 0x04C11DB7, not reflected,
// no initial or final inversion, so hash/crc32 does not serve.
var oggCRCTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04C11DB7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// setOggCRC computes the checksum of the page that starts page, over the
// page with its checksum field zeroed, and stores it.
func setOggCRC(page []byte) {
	binary.LittleEndian.PutUint32(page[22:], 0)
	n := 27 + int(page[26])
	for _, s := range page[27:n] {
		n += int(s)
	}
	var crc uint32
	for _, c := range page[:n] {
		crc = crc<<8 ^ oggCRCTable[byte(crc>>24)^c]
	}
	binary.LittleEndian.PutUint32(page[22:], crc)
}
