package media

import (
	"encoding/binary"
	"fmt"
)

// tiffKept lists the tags needed to decode, place and colour a TIFF image.
// Everything else goes: descriptions, camera, software, dates, artist,
// copyright, the EXIF and GPS IFDs, XMP, IPTC, Photoshop resources and
// private tags, which are where a vendor would keep its own records.
var tiffKept = map[uint16]bool{
	0x00FE: true, 0x00FF: true, // subfile types
	0x0100: true, 0x0101: true, 0x0102: true, 0x0103: true, // size, bits, compression
	0x0106: true, 0x0107: true, 0x0108: true, 0x0109: true, 0x010A: true, // photometric, thresholding, cells, fill order
	0x0111: true, 0x0112: true, 0x0115: true, 0x0116: true, 0x0117: true, // strips, orientation, samples
	0x0118: true, 0x0119: true, 0x011A: true, 0x011B: true, 0x011C: true, // sample range, resolution, planar
	0x011E: true, 0x011F: true, 0x0122: true, 0x0123: true, 0x0124: true, 0x0125: true,
	0x0128: true, 0x0129: true, 0x012D: true, 0x013D: true, 0x013E: true, 0x013F: true, // unit, page, transfer, predictor, white point, primaries
	0x0140: true, 0x0141: true, 0x0142: true, 0x0143: true, 0x0144: true, 0x0145: true, // colour map, halftone, tiles
	0x014A: true, 0x014C: true, 0x014D: true, 0x014E: true, 0x0150: true, // sub-IFDs, inks, dot range
	0x0152: true, 0x0153: true, 0x0154: true, 0x0155: true, 0x0156: true, // extra samples, sample format
	0x015B: true, 0x0200: true, 0x0201: true, 0x0202: true, 0x0203: true, // JPEG tables and old-style JPEG
	0x0205: true, 0x0206: true, 0x0207: true, 0x0208: true, 0x0209: true,
	0x0211: true, 0x0212: true, 0x0213: true, 0x0214: true, // YCbCr, reference black/white
	0x828D: true, 0x828E: true, // CFA pattern of raw images
	0x8773: true, // ICC profile
}

// tiffDNGDropped are the DNG tags (0xC612 on) that name a camera, its
// owner or the original file; the others describe how to render the raw
// data and stay.
var tiffDNGDropped = map[uint16]bool{
	0xC614: true, 0xC615: true, // unique and localized camera model
	0xC62F: true,                                           // camera serial number
	0xC634: true,                                           // DNG private data: maker notes
	0xC65D: true,                                           // raw data unique ID
	0xC68B: true, 0xC68C: true, 0xC68D: true, 0xC68E: true, // original raw file name, data, digest
	0xC6F3: true, 0xC6F4: true, 0xC6F6: true, 0xC6F8: true, 0xC6FE: true, // signatures, profile names, copyright
}

func tiffTagKept(tag uint16) bool {
	return tiffKept[tag] || tag >= 0xC612 && tag < 0xC800 && !tiffDNGDropped[tag]
}

// tiffRemovedName is what officers are told for the tags they know.
var tiffRemovedName = map[uint16]string{
	0x8769: "EXIF", 0x8825: "GPS", 0x02BC: "XMP", 0x83BB: "IPTC", 0x8649: "Photoshop",
}

// tiffPointers are tags whose value is the offset of another IFD.
var tiffPointers = map[uint16]bool{0x8769: true, 0x8825: true, 0xA005: true, 0x014A: true}

// tiffTypeSize is the size of one value of each field type; 0 for types
// we do not know, whose values cannot be found to be blanked.
var tiffTypeSize = [...]uint64{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

const tiffMaxIFDs = 256

// tiffCleaner edits a copy of the file in place: each IFD keeps only the
// kept entries, moved up within the IFD, and the values and IFDs of the
// dropped entries are zeroed. Strips and tiles are never read or moved.
type tiffCleaner struct {
	b    []byte
	bo   binary.ByteOrder
	rm   *removals
	seen map[uint64]bool
	// budget is how many more bytes may be zeroed, so that entries that
	// all name the same large value cannot have it zeroed over and over.
	budget uint64
}

func (c *tiffCleaner) zero(from, to uint64) error {
	if to-from > c.budget {
		return fmt.Errorf("tiff: overlapping values: %w", errMalformed)
	}
	c.budget -= to - from
	clear(c.b[from:to])
	return nil
}

func cleanTIFF(orig []byte, rm *removals) ([]byte, error) {
	if len(orig) < 8 {
		return nil, fmt.Errorf("tiff: header: %w", ErrTruncated)
	}
	c := &tiffCleaner{b: append([]byte(nil), orig...), rm: rm, seen: map[uint64]bool{}, budget: 2 * uint64(len(orig))}
	switch string(orig[:4]) {
	case "II*\x00":
		c.bo = binary.LittleEndian
	case "MM\x00*":
		c.bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("tiff: header: %w", errMalformed)
	}
	next := uint64(c.bo.Uint32(c.b[4:]))
	if next == 0 {
		return nil, fmt.Errorf("tiff: no image: %w", errMalformed)
	}
	for next != 0 {
		var err error
		if next, err = c.ifd(next, 0); err != nil {
			return nil, err
		}
	}
	return c.b, nil
}

// ifd cleans the IFD at off and returns the offset of the next one.
func (c *tiffCleaner) ifd(off uint64, depth int) (uint64, error) {
	n, end, err := c.enter(off, depth, ErrTruncated)
	if err != nil {
		return 0, err
	}
	next := uint64(c.bo.Uint32(c.b[end-4:]))
	kept := off + 2
	for i := uint64(0); i < n; i++ {
		e := off + 2 + 12*i
		tag := c.bo.Uint16(c.b[e:])
		if !tiffTagKept(tag) {
			if err := c.drop(e, depth); err != nil {
				return 0, err
			}
			continue
		}
		if tag == 0x014A {
			if err := c.subIFDs(e, depth); err != nil {
				return 0, err
			}
		}
		copy(c.b[kept:kept+12], c.b[e:e+12])
		kept += 12
	}
	if kept != end-4 {
		c.bo.PutUint16(c.b[off:], uint16((kept-off-2)/12))
		c.bo.PutUint32(c.b[kept:], uint32(next))
		clear(c.b[kept+4 : end])
	}
	return next, nil
}

// enter checks the IFD at off, visited once, and returns its entry count
// and where it ends; an IFD past the end of the file is bad.
func (c *tiffCleaner) enter(off uint64, depth int, bad error) (n, end uint64, err error) {
	if c.seen[off] || len(c.seen) >= tiffMaxIFDs || depth > 4 {
		return 0, 0, fmt.Errorf("tiff: IFD loop or too many IFDs: %w", errMalformed)
	}
	c.seen[off] = true
	if off+2 > uint64(len(c.b)) {
		return 0, 0, fmt.Errorf("tiff: IFD at %d: %w", off, bad)
	}
	n = uint64(c.bo.Uint16(c.b[off:]))
	end = off + 2 + 12*n + 4
	if end > uint64(len(c.b)) {
		return 0, 0, fmt.Errorf("tiff: IFD at %d: %w", off, bad)
	}
	return n, end, nil
}

// value locates the value of the entry at e: in the entry itself when it
// fits in four bytes, elsewhere in the file otherwise.
func (c *tiffCleaner) value(e uint64) (from, to uint64, err error) {
	typ, count := c.bo.Uint16(c.b[e+2:]), uint64(c.bo.Uint32(c.b[e+4:]))
	if int(typ) >= len(tiffTypeSize) || tiffTypeSize[typ] == 0 {
		return 0, 0, fmt.Errorf("tiff: field type %d: %w", typ, errCannotClean)
	}
	size := count * tiffTypeSize[typ]
	if size <= 4 {
		return e + 8, e + 8 + size, nil
	}
	off := uint64(c.bo.Uint32(c.b[e+8:]))
	if off > uint64(len(c.b)) || size > uint64(len(c.b))-off {
		return 0, 0, fmt.Errorf("tiff: value past end: %w", errMalformed)
	}
	return off, off + size, nil
}

// drop zeroes a dropped entry's value, and the IFDs it points to.
func (c *tiffCleaner) drop(e uint64, depth int) error {
	tag := c.bo.Uint16(c.b[e:])
	what, ok := tiffRemovedName[tag]
	if !ok {
		what = "TIFF tags"
	}
	c.rm.add(what)
	return c.zeroEntry(e, depth)
}

// zeroEntry zeroes an entry's value and, for a pointer, the IFDs it names
// with everything they hold; a GPS IFD holds nothing but where the
// picture was taken.
func (c *tiffCleaner) zeroEntry(e uint64, depth int) error {
	if tiffPointers[c.bo.Uint16(c.b[e:])] {
		offs, err := c.offsets(e)
		if err != nil {
			return err
		}
		for _, off := range offs {
			if err := c.zeroIFD(off, depth+1); err != nil {
				return err
			}
		}
	}
	from, to, err := c.value(e)
	if err != nil {
		return err
	}
	return c.zero(from, to)
}

func (c *tiffCleaner) zeroIFD(off uint64, depth int) error {
	n, end, err := c.enter(off, depth, errMalformed)
	if err != nil {
		return err
	}
	for i := uint64(0); i < n; i++ {
		e := off + 2 + 12*i
		if c.bo.Uint16(c.b[e:]) == 0x8825 {
			c.rm.add("GPS")
		}
		if err := c.zeroEntry(e, depth); err != nil {
			return err
		}
	}
	return c.zero(off, end)
}

// offsets reads the IFD offsets a pointer entry holds.
func (c *tiffCleaner) offsets(e uint64) ([]uint64, error) {
	from, to, err := c.value(e)
	if err != nil {
		return nil, err
	}
	var offs []uint64
	for p := from; p+4 <= to; p += 4 {
		offs = append(offs, uint64(c.bo.Uint32(c.b[p:])))
	}
	return offs, nil
}

// subIFDs cleans the IFDs of reduced-resolution and raw images (DNG keeps
// its raw data in one) as it cleans IFD0.
func (c *tiffCleaner) subIFDs(e uint64, depth int) error {
	offs, err := c.offsets(e)
	if err != nil {
		return err
	}
	for _, next := range offs {
		for next != 0 {
			if next, err = c.ifd(next, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
