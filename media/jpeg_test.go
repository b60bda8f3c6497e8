package media

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image"
	"image/jpeg"
	"slices"
	"testing"
)

// samePixels fails unless both images have the same bounds and colours.
func samePixels(t *testing.T, want, got image.Image) {
	t.Helper()
	if want.Bounds() != got.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	r := want.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			wr, wg, wb, wa := want.At(x, y).RGBA()
			gr, gg, gb, ga := got.At(x, y).RGBA()
			if wr != gr || wg != gg || wb != gb || wa != ga {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got.At(x, y), want.At(x, y))
			}
		}
	}
}

// noSecrets fails if any planted secret or metadata header survived.
func noSecrets(t *testing.T, b []byte, extra ...string) {
	t.Helper()
	for _, s := range append([]string{secretMake, secretXMP, secretComment, secretIPTC, secretText, "GPSLatitude", "motion photo"}, extra...) {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("cleaned output still contains %q", s)
		}
	}
}

func TestCleanJPEGRemovesMetadataKeepsPixels(t *testing.T) {
	t.Parallel()
	orig := dirtyJPEG(t, photo(64, 48, 1), 1)
	res, err := Clean(orig, "IMG_0001.JPG", "image/jpeg", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != "image/jpeg" || res.Ext != ".jpg" || res.Kind != "image" {
		t.Fatalf("result = %s %s %s %s", res.Status, res.MIME, res.Ext, res.Kind)
	}
	if res.SHA256 != sha256.Sum256(orig) {
		t.Error("SHA256 is not of the original bytes")
	}
	for _, want := range []string{"JFIF thumbnail", "EXIF", "GPS", "XMP", "MPF", "IPTC", "vendor segment", "comment", "trailing data"} {
		if !slices.Contains(res.Removed, want) {
			t.Errorf("Removed = %q, missing %q", res.Removed, want)
		}
	}
	noSecrets(t, res.Data, "Exif\x00\x00")
	for _, kept := range []string{"JFIF\x00", "ICC_PROFILE\x00", "Adobe"} {
		if !bytes.Contains(res.Data, []byte(kept)) {
			t.Errorf("%q segment was dropped", kept)
		}
	}
	want, err := jpeg.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	got, err := jpeg.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	samePixels(t, want, got)

	again, err := Clean(res.Data, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != StatusClean || !bytes.Equal(again.Data, res.Data) {
		t.Errorf("second clean: %s %q, output changed: %v", again.Status, again.Removed, !bytes.Equal(again.Data, res.Data))
	}
}

func TestCleanJPEGKeepsOnlyOrientation(t *testing.T) {
	t.Parallel()
	orig := dirtyJPEG(t, photo(32, 16, 2), 6)
	res, err := Clean(orig, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	// The original IFD0 had three entries; only the one-entry IFD may remain.
	noSecrets(t, res.Data, "MM\x00*\x00\x00\x00\x08\x00\x03")
	i := bytes.Index(res.Data, []byte("Exif\x00\x00"))
	if i < 0 {
		t.Fatal("orientation EXIF not written back")
	}
	if o, gps := exifFacts(res.Data[i+6:]); o != 6 || gps {
		t.Errorf("written EXIF: orientation %d, GPS %v; want 6, false", o, gps)
	}
	if _, err := jpeg.Decode(bytes.NewReader(res.Data)); err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	again, err := Clean(res.Data, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != StatusClean || len(again.Removed) != 0 || !bytes.Equal(again.Data, res.Data) {
		t.Errorf("second clean: %s %q, changed %v", again.Status, again.Removed, !bytes.Equal(again.Data, res.Data))
	}
}

func TestCleanJPEGWithoutMetadataIsClean(t *testing.T) {
	t.Parallel()
	orig := encodeJPEG(t, photo(16, 16, 3), 80)
	res, err := Clean(orig, "a.jpg", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusClean || len(res.Removed) != 0 || !bytes.Equal(res.Data, orig) {
		t.Errorf("got %s %q, identical %v", res.Status, res.Removed, bytes.Equal(res.Data, orig))
	}
}

func TestCleanJPEGProgressiveMarkersBetweenScans(t *testing.T) {
	t.Parallel()
	// A COM between the tables and a second SOS-like region must be found
	// by walking the entropy data to the next real marker.
	base := encodeJPEG(t, photo(24, 24, 4), 75)
	eoi := len(base) - 2
	var b []byte
	b = append(b, base[:eoi]...)
	b = append(b, jpegSegment(jpegCOM, []byte(secretComment))...)
	b = append(b, 0xFF, 0xFF, 0xD9) // fill byte before EOI
	res, err := Clean(b, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	noSecrets(t, res.Data)
	if !bytes.Equal(res.Data, base) {
		t.Error("output differs from the file without the comment")
	}
}

func TestCleanJPEGTruncatedAndMalformed(t *testing.T) {
	t.Parallel()
	orig := dirtyJPEG(t, photo(32, 32, 5), 1)
	for _, n := range []int{3, 5, 30, len(orig) / 2, len(orig) - 60} {
		if _, err := Clean(orig[:n], "x.jpg", "", 0); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v, want ErrTruncated", n, err)
		}
	}
	bad := slices.Clone(orig)
	bad[4], bad[5] = 0, 1 // APP0 length below 2
	if _, err := Clean(bad, "x.jpg", "", 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("bad length: err = %v, want ErrMismatch", err)
	}
	if _, err := Clean([]byte{0xFF, 0xD8, 0xFF, 0xD9}, "", "", 0); !errors.Is(err, ErrMismatch) {
		t.Errorf("no scan: err = %v, want ErrMismatch", err)
	}
}
