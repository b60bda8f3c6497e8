package media

import (
	"bytes"
	"fmt"
)

const (
	jpegSOI   = 0xD8
	jpegEOI   = 0xD9
	jpegSOS   = 0xDA
	jpegAPP0  = 0xE0
	jpegAPP1  = 0xE1
	jpegAPP2  = 0xE2
	jpegAPP13 = 0xED
	jpegAPP14 = 0xEE
	jpegAPP15 = 0xEF
	jpegCOM   = 0xFE
)

var (
	jfifID      = []byte("JFIF\x00")
	exifID      = []byte("Exif\x00\x00")
	xmpID       = []byte("http://ns.adobe.com/xap/1.0/\x00")
	xmpExtID    = []byte("http://ns.adobe.com/xmp/extension/\x00")
	iccID       = []byte("ICC_PROFILE\x00")
	mpfID       = []byte("MPF\x00")
	photoshopID = []byte("Photoshop 3.0\x00")
	adobeID     = []byte("Adobe")
)

// cleanJPEG walks the marker segments. Metadata lives in APPn and COM
// segments before (and, rarely, between) the scans; the entropy-coded scan
// data is copied untouched. Everything after EOI is dropped: phones append
// motion-photo videos and secondary images there, with their own metadata.
func cleanJPEG(b []byte, rm *removals) ([]byte, error) {
	if len(b) < 2 || b[0] != 0xFF || b[1] != jpegSOI {
		return nil, fmt.Errorf("jpeg: no SOI: %w", errMalformed)
	}
	// Room for the orientation segment, so inserting it does not copy.
	out := make([]byte, 0, len(b)+4+len(minimalEXIF(1)))
	out = append(out, 0xFF, jpegSOI)
	var orientation uint16
	exifSegments := 0
	onlyMinimal := false // the file's sole EXIF is already the orientation-only one we would write
	seenScan := false
	p := 2
	for {
		if p >= len(b) {
			return nil, fmt.Errorf("jpeg: no EOI: %w", ErrTruncated)
		}
		if b[p] != 0xFF {
			return nil, fmt.Errorf("jpeg: expected marker at %d: %w", p, errMalformed)
		}
		// Any number of 0xFF fill bytes may precede a marker.
		for p < len(b) && b[p] == 0xFF {
			p++
		}
		if p >= len(b) {
			return nil, fmt.Errorf("jpeg: no EOI: %w", ErrTruncated)
		}
		m := b[p]
		p++
		switch {
		case m == jpegEOI:
			if !seenScan {
				return nil, fmt.Errorf("jpeg: EOI before any scan: %w", errMalformed)
			}
			if p < len(b) {
				rm.add("trailing data")
			}
			out = append(out, 0xFF, jpegEOI)
			return insertOrientation(out, orientation, onlyMinimal && exifSegments == 1, rm), nil
		case m == 0x00 || m == jpegSOI:
			return nil, fmt.Errorf("jpeg: unexpected marker %#x: %w", m, errMalformed)
		case m >= 0xD0 && m <= 0xD7 || m == 0x01:
			// Restart markers and TEM stand alone, without a length.
			out = append(out, 0xFF, m)
			continue
		}
		if p+2 > len(b) {
			return nil, fmt.Errorf("jpeg: segment %#x length: %w", m, ErrTruncated)
		}
		n := int(b[p])<<8 | int(b[p+1])
		if n < 2 {
			return nil, fmt.Errorf("jpeg: segment %#x length %d: %w", m, n, errMalformed)
		}
		if p+n > len(b) {
			return nil, fmt.Errorf("jpeg: segment %#x: %w", m, ErrTruncated)
		}
		seg := b[p-2 : p+n] // marker, length and payload
		payload := b[p+2 : p+n]
		p += n

		if m == jpegSOS {
			seenScan = true
			out = append(out, seg...)
			// Entropy-coded data ends at the first marker that is neither a
			// stuffed zero nor a restart marker.
			start := p
			for {
				i := bytes.IndexByte(b[p:], 0xFF)
				if i < 0 || p+i+1 >= len(b) {
					return nil, fmt.Errorf("jpeg: scan data: %w", ErrTruncated)
				}
				p += i
				next := b[p+1]
				if next == 0x00 || next >= 0xD0 && next <= 0xD7 || next == 0xFF {
					p++
					if next != 0xFF {
						p++
					}
					continue
				}
				break
			}
			out = append(out, b[start:p]...)
			continue
		}

		if keep, what := jpegSegmentKept(m, payload); keep {
			if m == jpegAPP0 && bytes.HasPrefix(payload, jfifID) && len(payload) > 14 {
				// A JFIF thumbnail is a picture of the picture, possibly
				// before it was cropped: keep the header, drop the thumbnail.
				rm.add("JFIF thumbnail")
				out = append(out, 0xFF, jpegAPP0, 0, 16)
				out = append(out, payload[:12]...)
				out = append(out, 0, 0)
				continue
			}
			out = append(out, seg...)
			continue
		} else if what != "" {
			rm.add(what)
		}
		if m == jpegAPP1 && bytes.HasPrefix(payload, exifID) {
			exifSegments++
			o, gps := exifFacts(payload[len(exifID):])
			if gps {
				rm.add("GPS")
			}
			if o > 1 && orientation == 0 {
				orientation = o
				onlyMinimal = bytes.Equal(payload, minimalEXIF(o))
			}
		}
	}
}

// jpegSegmentKept says whether a segment is needed to decode or colour the
// image, and if not, what to tell officers was removed.
func jpegSegmentKept(m byte, payload []byte) (bool, string) {
	switch {
	case m == jpegAPP0:
		if bytes.HasPrefix(payload, jfifID) && len(payload) >= 14 {
			return true, ""
		}
		if bytes.HasPrefix(payload, []byte("JFXX\x00")) {
			return false, "JFIF thumbnail"
		}
		return false, "vendor segment"
	case m == jpegAPP1:
		switch {
		case bytes.HasPrefix(payload, exifID):
			return false, "EXIF"
		case bytes.HasPrefix(payload, xmpID), bytes.HasPrefix(payload, xmpExtID):
			return false, "XMP"
		}
		return false, "vendor segment"
	case m == jpegAPP2:
		switch {
		case bytes.HasPrefix(payload, iccID):
			return true, ""
		case bytes.HasPrefix(payload, mpfID):
			return false, "MPF"
		case bytes.HasPrefix(payload, []byte("FPXR")):
			return false, "FlashPix"
		}
		return false, "vendor segment"
	case m == jpegAPP13:
		if bytes.HasPrefix(payload, photoshopID) {
			return false, "IPTC"
		}
		return false, "vendor segment"
	case m == jpegAPP14:
		// The Adobe segment says whether the channels are RGB, YCbCr or
		// YCCK; without it CMYK JPEGs decode with wrong colours.
		if bytes.HasPrefix(payload, adobeID) {
			return true, ""
		}
		return false, "vendor segment"
	case m > jpegAPP2 && m <= jpegAPP15:
		return false, "vendor segment"
	case m == jpegCOM:
		return false, "comment"
	case m >= 0xC0 && m <= 0xCF && m != 0xC8, // SOFn, DHT, DAC
		m == 0xDB, m == 0xDC, m == 0xDD, m == 0xDE, m == 0xDF: // DQT, DNL, DRI, DHP, EXP
		return true, ""
	}
	// Reserved markers carry nothing a decoder uses but can carry bytes.
	return false, "unknown segment"
}

// insertOrientation puts back an orientation-only EXIF right after SOI (and
// JFIF, which must come first), so the photo still displays upright.
func insertOrientation(out []byte, orientation uint16, unchanged bool, rm *removals) []byte {
	if orientation <= 1 {
		return out
	}
	exif := minimalEXIF(orientation)
	if unchanged {
		// The file already carried exactly this: nothing was removed by it.
		rm.remove("EXIF")
	}
	at := 2
	if len(out) >= 6 && out[2] == 0xFF && out[3] == jpegAPP0 {
		at = 4 + (int(out[4])<<8 | int(out[5]))
	}
	seg := append([]byte{0xFF, jpegAPP1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	n := len(out)
	out = append(out, seg...) // grows by len(seg); the bytes are placed below
	copy(out[at+len(seg):], out[at:n])
	copy(out[at:], seg)
	return out
}
