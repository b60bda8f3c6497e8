package media

import (
	"encoding/binary"
	"fmt"
)

const (
	vp8xFlagEXIF = 0x08
	vp8xFlagXMP  = 0x04
)

// webpKept are the chunks of the simple and extended formats that carry
// the picture, its alpha, colour profile or animation.
var webpKept = map[string]bool{
	"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true,
	"ICCP": true, "ANIM": true, "ANMF": true,
}

// cleanWebP walks the top-level RIFF chunks, drops EXIF, XMP and unknown
// chunks, clears the VP8X flags that announce them and rewrites the RIFF
// size. Frames inside ANMF are copied as they are.
func cleanWebP(b []byte, rm *removals) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil, fmt.Errorf("webp: no RIFF header: %w", errMalformed)
	}
	size := uint64(binary.LittleEndian.Uint32(b[4:8]))
	if size < 4 || size%2 != 0 {
		return nil, fmt.Errorf("webp: RIFF size %d: %w", size, errMalformed)
	}
	if size+8 > uint64(len(b)) {
		return nil, fmt.Errorf("webp: RIFF size %d: %w", size, ErrTruncated)
	}
	if size+8 < uint64(len(b)) {
		rm.add("trailing data")
	}
	body := b[12 : size+8]

	out := make([]byte, 12, len(b))
	copy(out, b[:12])
	vp8x := -1 // offset of the VP8X payload in out, to clear flags at the end
	image := false
	for p := 0; p < len(body); {
		if p+8 > len(body) {
			return nil, fmt.Errorf("webp: chunk header: %w", ErrTruncated)
		}
		fourcc := string(body[p : p+4])
		n := uint64(binary.LittleEndian.Uint32(body[p+4:]))
		end := uint64(p) + 8 + n + n%2
		if end > uint64(len(body)) {
			return nil, fmt.Errorf("webp: chunk %q: %w", fourcc, ErrTruncated)
		}
		chunk := body[p:end]
		p = int(end)
		if fourcc == "VP8X" {
			if len(out) != 12 || n < 10 {
				return nil, fmt.Errorf("webp: misplaced VP8X: %w", errMalformed)
			}
			vp8x = len(out) + 8
		} else if len(out) == 12 && fourcc != "VP8 " && fourcc != "VP8L" {
			return nil, fmt.Errorf("webp: first chunk %q: %w", fourcc, errMalformed)
		}
		switch {
		case webpKept[fourcc]:
			out = append(out, chunk...)
			if fourcc == "VP8 " || fourcc == "VP8L" || fourcc == "ANMF" {
				image = true
			}
		case fourcc == "EXIF":
			rm.add("EXIF")
			if _, gps := exifFacts(exifPayload(chunk[8 : 8+n])); gps {
				rm.add("GPS")
			}
		case fourcc == "XMP ":
			rm.add("XMP")
		default:
			rm.add("WebP unknown chunk")
		}
	}
	if !image {
		return nil, fmt.Errorf("webp: no image data: %w", errMalformed)
	}
	if vp8x >= 0 {
		// The flags announce chunks that are no longer there.
		out[vp8x] &^= vp8xFlagEXIF | vp8xFlagXMP
	}
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	return out, nil
}

// exifPayload accepts WebP EXIF chunks with and without the "Exif\0\0"
// prefix; writers disagree.
func exifPayload(b []byte) []byte {
	if len(b) >= 6 && string(b[:6]) == "Exif\x00\x00" {
		return b[6:]
	}
	return b
}
