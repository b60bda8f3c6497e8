package media

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// oggPages reads every page of b, failing the test unless the pages fill
// it exactly and carry consecutive sequence numbers.
func oggPages(t *testing.T, b []byte) []oggPage {
	t.Helper()
	var pages []oggPage
	for p := 0; p < len(b); {
		pg, err := readOggPage(b, p)
		if err != nil {
			t.Fatal(err)
		}
		if pg.seq != uint32(len(pages)) {
			t.Fatalf("page %d has sequence number %d", len(pages), pg.seq)
		}
		pages = append(pages, pg)
		p = pg.end
	}
	return pages
}

// The checksum is the one libogg writes: recomputing it over ffmpeg's
// pages gives their own.
func TestOggCRCMatchesLibogg(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.ogg")
	for i, pg := range oggPages(t, orig) {
		page := bytes.Clone(orig[pg.start:pg.end])
		setOggCRC(page)
		if !bytes.Equal(page, orig[pg.start:pg.end]) {
			t.Errorf("page %d: checksum %#x, libogg wrote %#x", i, binary.LittleEndian.Uint32(page[22:]), binary.LittleEndian.Uint32(orig[pg.start+22:]))
		}
	}
}

func TestCleanOggOpusEmptiesCommentHeader(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.ogg", "audio/ogg", "Ogg comments")
	got, want := oggPages(t, res.Data), oggPages(t, orig)
	if len(got) != len(want) {
		t.Fatalf("%d pages, want %d", len(got), len(want))
	}
	if !bytes.Equal(res.Data[got[1].body:got[1].end], emptyTags) {
		t.Errorf("comment header = %q", res.Data[got[1].body:got[1].end])
	}
	for i := range got {
		if i == 1 {
			continue
		}
		g, w := res.Data[got[i].start:got[i].end], orig[want[i].start:want[i].end]
		if !bytes.Equal(g, w) {
			t.Errorf("page %d changed", i)
		}
	}
}

// A comment header spread over several pages (cover art does that) is
// replaced by one page, and the audio pages after it renumbered.
func TestCleanOggOpusCommentHeaderOverPages(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.ogg")
	pages := oggPages(t, orig)
	// Rebuild the file with a 600-byte comment header over three pages.
	tags := append(append([]byte(nil), orig[pages[1].body:pages[1].end]...), bytes.Repeat([]byte(marker), 40)...)[:600]
	var b []byte
	b = append(b, orig[pages[0].start:pages[0].end]...)
	for i, part := range [][]byte{tags[:255], tags[255:510], tags[510:]} {
		at := len(b)
		b = append(b, orig[pages[1].start:pages[1].start+26]...)
		b = append(b, 1, byte(len(part)))
		b = append(b, part...)
		if i > 0 {
			b[at+5] = 0x01 // continued packet
		}
		binary.LittleEndian.PutUint32(b[at+18:], uint32(1+i))
		setOggCRC(b[at:])
	}
	for _, pg := range pages[2:] {
		at := len(b)
		b = append(b, orig[pg.start:pg.end]...)
		binary.LittleEndian.PutUint32(b[at+18:], pg.seq+2)
		setOggCRC(b[at:])
	}
	oggPages(t, b)
	res, err := Clean(b, "voice.ogg", "audio/ogg", 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Clean(orig, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || !bytes.Equal(res.Data, want.Data) {
		t.Errorf("%s %q: not the same as the one-page file cleaned", res.Status, res.Removed)
	}
}

// Vorbis keeps its comment header on a page with its setup header: kept
// uncleaned, with a warning.
func TestCleanOggVorbisIsUncleanable(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.ogg")
	b := bytes.Clone(orig)
	copy(b[oggPages(t, b)[0].body:], "\x01vorbis")
	res, err := Clean(b, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, b) || len(res.Remains) == 0 {
		t.Errorf("%s %q remains %q", res.Status, res.Removed, res.Remains)
	}
}

// A page with no segments inside the comment header must not trip the
// walk: the file is cleaned or kept as it came, never a panic.
func TestCleanOggEmptyPageInCommentHeader(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.ogg")
	pages := oggPages(t, orig)
	tags := append(append([]byte(nil), orig[pages[1].body:pages[1].end]...), bytes.Repeat([]byte(marker), 20)...)[:300]
	var b []byte
	b = append(b, orig[pages[0].start:pages[0].end]...)
	for i, part := range [][]byte{tags[:255], nil, tags[255:]} {
		at := len(b)
		b = append(b, orig[pages[1].start:pages[1].start+26]...)
		if part == nil {
			b = append(b, 0)
		} else {
			b = append(b, 1, byte(len(part)))
		}
		b = append(b, part...)
		if i > 0 {
			b[at+5] = 0x01
		}
		binary.LittleEndian.PutUint32(b[at+18:], uint32(1+i))
		setOggCRC(b[at:])
	}
	for _, pg := range pages[2:] {
		at := len(b)
		b = append(b, orig[pg.start:pg.end]...)
		binary.LittleEndian.PutUint32(b[at+18:], pg.seq+2)
		setOggCRC(b[at:])
	}
	oggPages(t, b)
	res, err := Clean(b, "voice.ogg", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Uncleanable() && !bytes.Equal(res.Data, b) || !res.Uncleanable() && bytes.Contains(res.Data, []byte(marker)) {
		t.Errorf("%s %q", res.Status, res.Removed)
	}
}
