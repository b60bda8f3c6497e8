package media

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// tiffIFD0 reads the tags of IFD0 and their entries, failing the test if
// the header or the IFD does not parse.
func tiffIFD0(t *testing.T, b []byte) (binary.ByteOrder, map[uint16][]byte) {
	t.Helper()
	var bo binary.ByteOrder = binary.LittleEndian
	if string(b[:4]) == "MM\x00*" {
		bo = binary.BigEndian
	} else if string(b[:4]) != "II*\x00" {
		t.Fatal("no TIFF header")
	}
	off := int(bo.Uint32(b[4:]))
	n := int(bo.Uint16(b[off:]))
	if off+2+12*n+4 > len(b) {
		t.Fatal("IFD0 past end")
	}
	tags := map[uint16][]byte{}
	for i := range n {
		e := b[off+2+12*i : off+2+12*i+12]
		tags[bo.Uint16(e)] = e
	}
	return bo, tags
}

// tiffStrips returns the bytes of every strip IFD0 points at.
func tiffStrips(t *testing.T, b []byte) [][]byte {
	t.Helper()
	bo, tags := tiffIFD0(t, b)
	offs, counts := tags[0x0111], tags[0x0117]
	if offs == nil || counts == nil {
		t.Fatal("no strips")
	}
	values := func(e []byte) []uint32 {
		n := bo.Uint32(e[4:])
		at := e[8:12]
		if n > 1 {
			at = b[bo.Uint32(e[8:]):]
		}
		var out []uint32
		for i := range n {
			if bo.Uint16(e[2:]) == 3 {
				out = append(out, uint32(bo.Uint16(at[2*i:])))
			} else {
				out = append(out, bo.Uint32(at[4*i:]))
			}
		}
		return out
	}
	o, c := values(offs), values(counts)
	var strips [][]byte
	for i := range o {
		strips = append(strips, b[o[i]:o[i]+c[i]])
	}
	return strips
}

func TestCleanTIFFDropsDescriptiveTagsKeepsStrips(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.tif", "image/tiff", "EXIF", "GPS", "XMP", "IPTC", "TIFF tags")
	sameLength(t, orig, res.Data)
	_, tags := tiffIFD0(t, res.Data)
	for tag := range tags {
		if !tiffTagKept(tag) {
			t.Errorf("tag %#x kept", tag)
		}
	}
	for _, tag := range []uint16{0x0100, 0x0101, 0x0103, 0x0106, 0x0111, 0x0117} {
		if tags[tag] == nil {
			t.Errorf("tag %#x needed to decode was dropped", tag)
		}
	}
	got, want := tiffStrips(t, res.Data), tiffStrips(t, orig)
	if len(got) != len(want) {
		t.Fatalf("%d strips, want %d", len(got), len(want))
	}
	for i := range got {
		if len(got[i]) == 0 || !bytes.Equal(got[i], want[i]) {
			t.Errorf("strip %d changed", i)
		}
	}
}

// A chain of IFDs that loops back is refused as a walk, and the file kept
// uncleaned with a warning, rather than walked forever.
func TestCleanTIFFLoopingIFDs(t *testing.T) {
	t.Parallel()
	b := bytes.Clone(sample(t, "marker.tif"))
	bo, _ := tiffIFD0(t, b)
	off := bo.Uint32(b[4:])
	n := uint32(bo.Uint16(b[off:]))
	bo.PutUint32(b[off+2+12*n:], off) // next IFD: itself
	res, err := Clean(b, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, b) || !containsAll(traceStrings(res.Remains), "location") {
		t.Errorf("%s %q remains %q", res.Status, res.Removed, res.Remains)
	}
}
