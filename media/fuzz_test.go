package media

import (
	"bytes"
	"testing"
)

// FuzzClean checks that no input panics, and that cleaning an image twice
// gives the same bytes with nothing more to remove: a second pass finding
// something would mean the first left metadata behind or broke structure.
func FuzzClean(f *testing.F) {
	f.Add(dirtyJPEG(f, photo(8, 8, 10), 6), "a.jpg", "image/jpeg")
	f.Add(dirtyPNG(f, photo(4, 4, 11)), "a.png", "")
	f.Add(dirtyGIF(f), "", "image/gif")
	f.Add(dirtyWebP(), "a.webp", "")
	f.Fuzz(cleanTwice)
}

// FuzzCleanContainers does the same from the real samples of the formats
// edited in place or rewritten (HEIC, AVIF, MP4, MOV, TIFF, PDF, DOCX, Ogg),
// whose walkers read sizes, offsets and counts from the file.
func FuzzCleanContainers(f *testing.F) {
	for _, name := range []string{"marker.heic", "marker.avif", "marker.mp4", "marker.mov", "marker.tif", "marker.pdf", "marker-objstm.pdf", "marker.docx", "marker.ogg"} {
		f.Add(sample(f, name), name, "")
	}
	f.Fuzz(cleanTwice)
}

func cleanTwice(t *testing.T, data []byte, name, declared string) {
	res, err := Clean(data, name, declared, 1<<20)
	if err != nil {
		return
	}
	if res.Status == StatusUncleanable {
		if !bytes.Equal(res.Data, data) || len(res.Remains) == 0 {
			t.Fatal("uncleanable data changed or nothing said to remain")
		}
		return
	}
	again, err := Clean(res.Data, "", "", 0)
	if err != nil {
		t.Fatalf("cleaned output does not clean again: %v", err)
	}
	if !bytes.Equal(again.Data, res.Data) {
		t.Fatal("cleaning is not idempotent")
	}
	if again.Status != StatusClean || len(again.Removed) != 0 || again.MIME != res.MIME {
		t.Fatalf("second pass: %s %q %s, first %s", again.Status, again.Removed, again.MIME, res.MIME)
	}
}
