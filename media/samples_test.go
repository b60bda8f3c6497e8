package media

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// marker is planted in the metadata of every sample under testdata; the
// GPS position planted with it is 27.7412 N, 112.5311 E.
const marker = "TIPLINE-MARKER-7f3a"

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cleanSample cleans a sample and checks what every cleaned sample must
// be: cleaned, of the original's hash, free of the marker and the GPS
// position as the file writes it, with what was removed listed, and with
// nothing left to remove by a second pass.
func cleanSample(t *testing.T, name, mime string, removed ...string) (orig []byte, res Result) {
	t.Helper()
	orig = sample(t, name)
	res, err := Clean(orig, name, "", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != mime || res.Uncleanable() || len(res.Remains) != 0 {
		t.Fatalf("result = %s %s %q remains %q", res.Status, res.MIME, res.Removed, res.Remains)
	}
	if res.SHA256 != sha256.Sum256(orig) {
		t.Error("SHA256 is not of the original bytes")
	}
	for _, s := range []string{marker, "27.7412", "+27.74"} {
		if bytes.Contains(res.Data, []byte(s)) {
			t.Errorf("cleaned output still contains %q", s)
		}
	}
	for _, want := range removed {
		if !slices.Contains(res.Removed, want) {
			t.Errorf("Removed = %q, missing %q", res.Removed, want)
		}
	}
	again, err := Clean(res.Data, "", "", 0)
	if err != nil {
		t.Fatalf("cleaned output does not clean again: %v", err)
	}
	if again.Status != StatusClean || !bytes.Equal(again.Data, res.Data) {
		t.Errorf("second pass: %s %q", again.Status, again.Removed)
	}
	return orig, res
}

// sameLength fails unless a file edited in place kept its length, on which
// every offset into it depends.
func sameLength(t *testing.T, orig, clean []byte) {
	t.Helper()
	if len(clean) != len(orig) {
		t.Fatalf("length %d, want %d", len(clean), len(orig))
	}
}

// onlyBlanked fails unless clean has the length of orig and differs from it
// only by zero bytes and box types turned into "free": nothing was added
// or moved, so every offset into the file still holds.
func onlyBlanked(t *testing.T, orig, clean []byte) {
	t.Helper()
	sameLength(t, orig, clean)
	for i := range clean {
		if clean[i] == orig[i] || clean[i] == 0 {
			continue
		}
		inFree := false
		for k := 0; k < 4 && i-k >= 0; k++ {
			if bytes.HasPrefix(clean[i-k:], []byte("free")) {
				inFree = true
			}
		}
		if !inFree {
			t.Fatalf("byte %d changed to %#x, not blanked", i, clean[i])
		}
	}
}
