package media

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// pngKept lists the chunks needed to decode and colour a PNG (and APNG).
// Anything else, text, time stamps, EXIF and chunks we do not know, is
// dropped: an unknown chunk is exactly where a camera or editor app would
// hide something.
var pngKept = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true,
	"sBIT": true, "pHYs": true, "bKGD": true, "cICP": true, "mDCV": true, "cLLI": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

// pngRemovedName is what officers are told for the chunks they know by name.
var pngRemovedName = map[string]string{
	"tEXt": "PNG tEXt", "zTXt": "PNG zTXt", "iTXt": "PNG iTXt",
	"eXIf": "EXIF", "tIME": "PNG tIME",
}

// cleanPNG walks the chunks, checking each length and CRC, and copies the
// kept ones verbatim. IDAT is never inflated.
func cleanPNG(b []byte, rm *removals) ([]byte, error) {
	if len(b) < len(pngSignature) || string(b[:len(pngSignature)]) != string(pngSignature) {
		return nil, fmt.Errorf("png: no signature: %w", errMalformed)
	}
	out := make([]byte, 0, len(b))
	out = append(out, pngSignature...)
	p := len(pngSignature)
	first := true
	for {
		if p+8 > len(b) {
			return nil, fmt.Errorf("png: no IEND: %w", ErrTruncated)
		}
		n := binary.BigEndian.Uint32(b[p:])
		if n > 1<<31-1 {
			return nil, fmt.Errorf("png: chunk length %d: %w", n, errMalformed)
		}
		typ := b[p+4 : p+8]
		if !pngChunkType(typ) {
			return nil, fmt.Errorf("png: bad chunk type at %d: %w", p, errMalformed)
		}
		end := uint64(p) + 8 + uint64(n) + 4
		if end > uint64(len(b)) {
			return nil, fmt.Errorf("png: chunk %q: %w", typ, ErrTruncated)
		}
		chunk := b[p:end]
		want := binary.BigEndian.Uint32(chunk[8+n:])
		if crc32.ChecksumIEEE(chunk[4:8+n]) != want {
			return nil, fmt.Errorf("png: chunk %q CRC: %w", typ, errMalformed)
		}
		name := string(typ)
		if first && (name != "IHDR" || n != 13) {
			return nil, fmt.Errorf("png: first chunk not IHDR: %w", errMalformed)
		}
		first = false
		p = int(end)
		if pngKept[name] {
			out = append(out, chunk...)
		} else if what, ok := pngRemovedName[name]; ok {
			rm.add(what)
			if name == "eXIf" {
				if _, gps := exifFacts(chunk[8 : 8+n]); gps {
					rm.add("GPS")
				}
			}
		} else {
			rm.add("PNG " + name)
		}
		if name == "IEND" {
			if p < len(b) {
				rm.add("trailing data")
			}
			return out, nil
		}
	}
}

// pngChunkType accepts the four ASCII letters the format allows, which
// also keeps officers' "removed" list free of arbitrary bytes.
func pngChunkType(t []byte) bool {
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
