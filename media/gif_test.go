package media

import (
	"bytes"
	"errors"
	"image/gif"
	"slices"
	"testing"
)

func TestCleanGIFKeepsLoopDropsCommentAndXMP(t *testing.T) {
	t.Parallel()
	orig := dirtyGIF(t)
	res, err := Clean(orig, "anim.gif", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != "image/gif" || res.Ext != ".gif" {
		t.Fatalf("result = %s %s %s", res.Status, res.MIME, res.Ext)
	}
	if !slices.Contains(res.Removed, "comment") || !slices.Contains(res.Removed, "XMP") {
		t.Errorf("Removed = %q", res.Removed)
	}
	noSecrets(t, res.Data, "XMP DataXMP")
	if !bytes.Contains(res.Data, []byte("NETSCAPE2.0")) {
		t.Error("loop extension dropped")
	}
	want, err := gif.DecodeAll(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	got, err := gif.DecodeAll(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatalf("cleaned GIF does not decode: %v", err)
	}
	if got.LoopCount != want.LoopCount || len(got.Image) != len(want.Image) || !slices.Equal(got.Delay, want.Delay) {
		t.Fatalf("animation changed: loop %d/%d frames %d/%d", got.LoopCount, want.LoopCount, len(got.Image), len(want.Image))
	}
	for i := range want.Image {
		samePixels(t, want.Image[i], got.Image[i])
	}
	if !bytes.Equal(res.Data, encodeGIF(t)) {
		t.Error("output differs from the GIF before metadata was added")
	}
}

func TestCleanGIFTruncated(t *testing.T) {
	t.Parallel()
	orig := encodeGIF(t)
	for _, n := range []int{6, 12, 40, len(orig) / 2, len(orig) - 1} {
		if _, err := Clean(orig[:n], "x.gif", "", 0); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v, want ErrTruncated", n, err)
		}
	}
}
