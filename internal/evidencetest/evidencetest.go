// Package evidencetest makes evidence files for tests: small real pictures
// that carry something of the person who took them, for the cleaning to
// remove.
package evidencetest

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// CommentedJPEG is a small JPEG carrying secret in a comment segment, as a
// camera or an editor writes the photographer's name.
func CommentedJPEG(t testing.TB, secret string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{200, 10, 10, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	com := []byte{0xFF, 0xFE, 0, byte(len(secret) + 2)}
	com = append(com, secret...)
	out := append([]byte{}, raw[:2]...)
	out = append(out, com...)
	return append(out, raw[2:]...)
}
