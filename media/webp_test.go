package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

// webpChunks lists the top-level chunks of a WebP file, failing the test
// if the RIFF structure is not valid.
func webpChunks(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	if string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		t.Fatal("no RIFF/WEBP header")
	}
	if size := binary.LittleEndian.Uint32(b[4:8]); int(size)+8 != len(b) {
		t.Fatalf("RIFF size %d for %d bytes", size, len(b))
	}
	chunks := map[string][]byte{}
	for p := 12; p < len(b); {
		if p+8 > len(b) {
			t.Fatal("chunk header past end")
		}
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if p+8+n > len(b) {
			t.Fatal("chunk past end")
		}
		chunks[string(b[p:p+4])] = b[p+8 : p+8+n]
		p += 8 + n + n%2
	}
	return chunks
}

func TestCleanWebPRemovesEXIFAndXMP(t *testing.T) {
	t.Parallel()
	orig := dirtyWebP()
	res, err := Clean(orig, "sticker.webp", "image/webp", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != "image/webp" || res.Ext != ".webp" {
		t.Fatalf("result = %s %s %s", res.Status, res.MIME, res.Ext)
	}
	for _, want := range []string{"EXIF", "GPS", "XMP"} {
		if !slices.Contains(res.Removed, want) {
			t.Errorf("Removed = %q, missing %q", res.Removed, want)
		}
	}
	noSecrets(t, res.Data, "Exif\x00\x00", "XMP ")
	got, want := webpChunks(t, res.Data), webpChunks(t, orig)
	if got["VP8X"][0]&(vp8xFlagEXIF|vp8xFlagXMP) != 0 {
		t.Errorf("VP8X flags %#x still announce metadata", got["VP8X"][0])
	}
	if got["VP8X"][0]&0x10 == 0 {
		t.Error("alpha flag lost")
	}
	// Pixels live in ALPH and VP8: identical bytes decode identically.
	for _, c := range []string{"ALPH", "VP8 "} {
		if !bytes.Equal(got[c], want[c]) {
			t.Errorf("%s chunk changed", c)
		}
	}
	if !bytes.Equal(res.Data, webpAlpha) {
		t.Error("output differs from the WebP before metadata was added")
	}
}

func TestCleanWebPSimpleIsClean(t *testing.T) {
	t.Parallel()
	res, err := Clean(webpLossless, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusClean || !bytes.Equal(res.Data, webpLossless) {
		t.Errorf("got %s %q", res.Status, res.Removed)
	}
}

func TestCleanWebPTruncatedAndMalformed(t *testing.T) {
	t.Parallel()
	orig := dirtyWebP()
	for _, n := range []int{12, 20, 40, len(orig) - 1} {
		if _, err := Clean(orig[:n], "x.webp", "", 0); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v, want ErrTruncated", n, err)
		}
	}
	noImage := []byte("RIFF\x04\x00\x00\x00WEBP")
	if _, err := Clean(noImage, "", "", 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("no image: err = %v, want ErrMismatch", err)
	}
}
