package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

// Secrets planted in fixtures; none may survive cleaning.
const (
	secretMake    = "SecretPhone X9"
	secretXMP     = "<exif:GPSLatitude>27,44.1N</exif:GPSLatitude>"
	secretComment = "shot by Zhang San 13800000000"
	secretIPTC    = "Xiangxiang, Hunan"
	secretText    = "Author: Li Si"
)

// photo draws a small picture with gradients and noise so encoders
// produce real entropy-coded data.
func photo(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := uint8(r.IntN(24))
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y)*127/(w+h)) + n, 255})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tiffWithGPS builds a big-endian TIFF block: IFD0 with Make, Orientation
// and a GPS IFD pointer; the GPS IFD holds a latitude.
func tiffWithGPS(orientation uint16) []byte {
	be := binary.BigEndian
	var b []byte
	b = append(b, "MM\x00*"...)
	b = be.AppendUint32(b, 8)
	// IFD0: 3 entries at 8; data area after it.
	ifd0End := 8 + 2 + 3*12 + 4
	makeOff := ifd0End
	gpsOff := makeOff + len(secretMake) + 1
	if gpsOff%2 == 1 {
		gpsOff++
	}
	b = be.AppendUint16(b, 3)
	entry := func(tag, typ uint16, count, value uint32) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, typ)
		b = be.AppendUint32(b, count)
		b = be.AppendUint32(b, value)
	}
	entry(0x010F, 2, uint32(len(secretMake)+1), uint32(makeOff))
	entry(tagOrientation, 3, 1, uint32(orientation)<<16)
	entry(tagGPSIFD, 4, 1, uint32(gpsOff))
	b = be.AppendUint32(b, 0)
	b = append(b, secretMake...)
	b = append(b, 0)
	for len(b) < gpsOff {
		b = append(b, 0)
	}
	// GPS IFD: LatitudeRef "N", Latitude 3 rationals.
	latOff := gpsOff + 2 + 2*12 + 4
	b = be.AppendUint16(b, 2)
	entry(0x0001, 2, 2, uint32('N')<<24)
	entry(0x0002, 5, 3, uint32(latOff))
	b = be.AppendUint32(b, 0)
	for _, v := range []uint32{27, 1, 44, 1, 1234, 100} {
		b = be.AppendUint32(b, v)
	}
	return b
}

func jpegSegment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(s, payload...)
}

// dirtyJPEG is a real JPEG with EXIF (GPS), XMP, IPTC, a comment, a JFIF
// thumbnail, an MPF segment and a motion-photo-like trailer, plus the
// ICC and Adobe segments that must stay.
func dirtyJPEG(t testing.TB, img image.Image, orientation uint16) []byte {
	t.Helper()
	clean := encodeJPEG(t, img, 90)
	jfif := append([]byte("JFIF\x00\x01\x02\x00\x00\x48\x00\x48\x01\x01"), 0x10, 0x20, 0x30)
	icc := append([]byte("ICC_PROFILE\x00\x01\x01"), bytes.Repeat([]byte{0x42}, 40)...)
	adobe := []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")
	var b []byte
	b = append(b, 0xFF, 0xD8)
	b = append(b, jpegSegment(jpegAPP0, jfif)...)
	b = append(b, jpegSegment(jpegAPP1, append([]byte("Exif\x00\x00"), tiffWithGPS(orientation)...))...)
	b = append(b, jpegSegment(jpegAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+secretXMP+"</x:xmpmeta>"))...)
	b = append(b, jpegSegment(jpegAPP2, icc)...)
	b = append(b, jpegSegment(jpegAPP2, []byte("MPF\x00MM\x00*"))...)
	b = append(b, jpegSegment(jpegAPP13, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x14\x1c\x02\x5a\x00\x11"+secretIPTC))...)
	b = append(b, jpegSegment(jpegAPP14, adobe)...)
	b = append(b, jpegSegment(0xE9, []byte("vendor "+secretMake))...)
	b = append(b, jpegSegment(jpegCOM, []byte(secretComment))...)
	b = append(b, clean[2:]...)
	b = append(b, "\x00\x00\x00\x18ftypmp42 motion photo "+secretMake...)
	return b
}

func pngChunk(typ string, data []byte) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dirtyPNG inserts text, EXIF, time and a private chunk after IHDR, next to
// colour chunks that must stay.
func dirtyPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	clean := encodePNG(t, img)
	ihdrEnd := 8 + 8 + 13 + 4
	var b []byte
	b = append(b, clean[:ihdrEnd]...)
	b = append(b, pngChunk("gAMA", []byte{0, 0, 0xB1, 0x8F})...)
	b = append(b, pngChunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1})...)
	b = append(b, pngChunk("tEXt", []byte("Author\x00"+secretText))...)
	b = append(b, pngChunk("zTXt", []byte("Comment\x00\x00x\x9c\x03\x00\x00\x00\x00\x01"))...)
	b = append(b, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+secretXMP))...)
	b = append(b, pngChunk("eXIf", tiffWithGPS(1))...)
	b = append(b, pngChunk("tIME", []byte{0x07, 0xE9, 5, 17, 9, 30, 0})...)
	b = append(b, pngChunk("prVt", []byte(secretMake))...)
	b = append(b, clean[ihdrEnd:]...)
	return append(b, "trailer "+secretComment...)
}

// bombPNG declares 100000×100000 pixels in a file of a few hundred bytes.
func bombPNG() []byte {
	var b []byte
	b = append(b, pngSignature...)
	ihdr := binary.BigEndian.AppendUint32(nil, 100000)
	ihdr = binary.BigEndian.AppendUint32(ihdr, 100000)
	ihdr = append(ihdr, 8, 0, 0, 0, 0)
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("tEXt", []byte("Author\x00"+secretText))...)
	// Rows of zeros: a decoder would go on to inflate and allocate 10 GB.
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	b = append(b, pngChunk("IDAT", z.Bytes())...)
	return append(b, pngChunk("IEND", nil)...)
}

func encodeGIF(t testing.TB) []byte {
	t.Helper()
	anim := &gif.GIF{LoopCount: 3}
	for i := range 2 {
		frame := image.NewPaletted(image.Rect(0, 0, 16, 12), palette.Plan9)
		for y := range 12 {
			for x := range 16 {
				frame.SetColorIndex(x, y, uint8(x*y+i*40))
			}
		}
		anim.Image = append(anim.Image, frame)
		anim.Delay = append(anim.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dirtyGIF adds a comment and an XMP application extension right after
// the global colour table.
func dirtyGIF(t testing.TB) []byte {
	t.Helper()
	clean := encodeGIF(t)
	at := 13
	if clean[10]&0x80 != 0 {
		at += 3 << (int(clean[10]&7) + 1)
	}
	var b []byte
	b = append(b, clean[:at]...)
	b = append(b, 0x21, 0xFE, byte(len(secretComment)))
	b = append(b, secretComment...)
	b = append(b, 0)
	b = append(b, 0x21, 0xFF, 11)
	b = append(b, "XMP DataXMP"...)
	b = append(b, byte(len(secretXMP)))
	b = append(b, secretXMP...)
	b = append(b, 0)
	b = append(b, clean[at:]...)
	return b
}

// webpAlpha is a valid 1×1 extended WebP (VP8X, ALPH, VP8), the image used
// by browsers' feature detection.
var webpAlpha = []byte("RIFFJ\x00\x00\x00WEBPVP8X\n\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00ALPH\f\x00\x00\x00\x11\a\x10\x11\xfd\x0fDD\xff\x03\x00\x00VP8 \x18\x00\x00\x00\x14\x01\x00\x9d\x01*\x01\x00\x01\x00\x00\x00\xfe\x00\x00\r\xc0\x00\xfe\xe6\xb5\x00\x00\x00")

// webpLossless is a valid 1×1 simple lossless WebP.
var webpLossless = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\r\x00\x00\x00/\x00\x00\x00\x10\a\x10\x11\x11\x88\x88\xfe\a\x00")

func riffChunk(fourcc string, data []byte) []byte {
	b := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// dirtyWebP appends EXIF (with GPS) and XMP chunks and sets their flags.
func dirtyWebP() []byte {
	b := append([]byte(nil), webpAlpha...)
	b[20] |= vp8xFlagEXIF | vp8xFlagXMP
	b = append(b, riffChunk("EXIF", append([]byte("Exif\x00\x00"), tiffWithGPS(1)...))...)
	b = append(b, riffChunk("XMP ", []byte(secretXMP+"!"))...)
	binary.LittleEndian.PutUint32(b[4:8], uint32(len(b)-8))
	return b
}
