package media

import "encoding/binary"

const (
	tagOrientation = 0x0112
	tagGPSIFD      = 0x8825
)

// exifFacts reads the two things cleaning needs from a TIFF-structured EXIF
// block (without the "Exif\0\0" prefix): whether it points at a GPS IFD, so
// officers are told location was removed, and the orientation, so that a
// photo taken sideways is not shown sideways once its EXIF is gone. Anything
// out of bounds is simply not found.
func exifFacts(tiff []byte) (orientation uint16, hasGPS bool) {
	if len(tiff) < 8 {
		return 0, false
	}
	var bo binary.ByteOrder
	switch string(tiff[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0, false
	}
	off := uint64(bo.Uint32(tiff[4:8]))
	if off+2 > uint64(len(tiff)) {
		return 0, false
	}
	n := uint64(bo.Uint16(tiff[off:]))
	for i := uint64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > uint64(len(tiff)) {
			break
		}
		tag, typ, count := bo.Uint16(tiff[e:]), bo.Uint16(tiff[e+2:]), bo.Uint32(tiff[e+4:])
		switch tag {
		case tagGPSIFD:
			hasGPS = true
		case tagOrientation:
			// SHORT, one value, stored in the first two bytes of the value field.
			if typ == 3 && count == 1 {
				if v := bo.Uint16(tiff[e+8:]); v >= 1 && v <= 8 {
					orientation = v
				}
			}
		}
	}
	return orientation, hasGPS
}

// minimalEXIF is an EXIF block holding nothing but the orientation tag:
// "Exif\0\0", a big-endian TIFF header, one IFD with one entry, no next IFD.
func minimalEXIF(orientation uint16) []byte {
	b := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01" +
		"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00" +
		"\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(b[6+8+2+8:], orientation)
	return b
}
