package media

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image/png"
	"slices"
	"testing"
)

func TestCleanPNGRemovesTextAndEXIF(t *testing.T) {
	t.Parallel()
	orig := dirtyPNG(t, photo(40, 30, 6))
	res, err := Clean(orig, "screenshot.png", "image/png", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != "image/png" || res.Ext != ".png" || res.Kind != "image" {
		t.Fatalf("result = %s %s %s %s", res.Status, res.MIME, res.Ext, res.Kind)
	}
	if res.SHA256 != sha256.Sum256(orig) {
		t.Error("SHA256 is not of the original bytes")
	}
	for _, want := range []string{"PNG tEXt", "PNG zTXt", "PNG iTXt", "EXIF", "GPS", "PNG tIME", "PNG prVt", "trailing data"} {
		if !slices.Contains(res.Removed, want) {
			t.Errorf("Removed = %q, missing %q", res.Removed, want)
		}
	}
	noSecrets(t, res.Data, "tEXt", "zTXt", "iTXt", "eXIf", "tIME", "prVt")
	for _, kept := range []string{"gAMA", "pHYs", "IDAT", "IEND"} {
		if !bytes.Contains(res.Data, []byte(kept)) {
			t.Errorf("%s chunk was dropped", kept)
		}
	}
	want, err := png.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	samePixels(t, want, got)

	again, err := Clean(res.Data, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != StatusClean || !bytes.Equal(again.Data, res.Data) {
		t.Errorf("second clean: %s %q", again.Status, again.Removed)
	}
}

// A decompression bomb is only walked: the cost is its file size, not its
// declared 10^10 pixels. Not parallel, so that allocation counting sees
// only this test.
func TestCleanPNGBombIsNotDecoded(t *testing.T) {
	bomb := bombPNG()
	var res Result
	var err error
	allocs := testing.AllocsPerRun(20, func() {
		res, err = Clean(bomb, "bomb.png", "image/png", 1<<20)
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || !slices.Contains(res.Removed, "PNG tEXt") {
		t.Errorf("result %s %q", res.Status, res.Removed)
	}
	if len(res.Data) > len(bomb) || len(res.Data) < len(bomb)-len(secretText)-64 {
		t.Errorf("output %d bytes for a %d-byte input", len(res.Data), len(bomb))
	}
	// One output buffer, the removed list, small bookkeeping; nothing that
	// grows with the picture.
	if allocs > 16 {
		t.Errorf("%.0f allocations per clean", allocs)
	}
}

func TestCleanPNGTruncatedAndCorrupt(t *testing.T) {
	t.Parallel()
	orig := encodePNG(t, photo(20, 20, 7))
	for _, n := range []int{8, 12, 30, len(orig) / 2, len(orig) - 1} {
		if _, err := Clean(orig[:n], "x.png", "", 0); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v, want ErrTruncated", n, err)
		}
	}
	bad := slices.Clone(orig)
	bad[len(bad)/2] ^= 0xFF // inside IDAT: the CRC no longer matches
	if _, err := Clean(bad, "x.png", "", 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("bad CRC: err = %v, want ErrMismatch", err)
	}
	noIHDR := append(slices.Clone(pngSignature), pngChunk("IEND", nil)...)
	if _, err := Clean(noIHDR, "", "", 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("no IHDR: err = %v, want ErrMismatch", err)
	}
}
