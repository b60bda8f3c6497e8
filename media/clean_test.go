package media

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
)

func TestCleanSizeLimits(t *testing.T) {
	t.Parallel()
	if _, err := Clean(nil, "a.jpg", "image/jpeg", 10); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	// Over the limit is refused before any work, even for a type we clean.
	big := dirtyJPEG(t, photo(8, 8, 8), 1)
	if _, err := Clean(big, "a.jpg", "", int64(len(big)-1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := Clean(big, "a.jpg", "", int64(len(big))); err != nil {
		t.Errorf("at limit: %v", err)
	}
}

func TestCleanDeclaredTypeMayLie(t *testing.T) {
	t.Parallel()
	pdf := []byte("%PDF-1.7\n1 0 obj<</Author(Zhang San)>>endobj\ntrailer<<>>\n%%EOF\n")
	jpg := encodeJPEG(t, photo(8, 8, 9), 80)
	png := encodePNG(t, photo(8, 8, 9))
	cases := []struct {
		name, file, mime string
		data             []byte
		wantErr          error
		wantMIME         string
		wantStatus       Status
	}{
		{"pdf named jpg", "evidence.jpg", "", pdf, ErrMismatch, "", ""},
		{"pdf declared image", "evidence", "image/png", pdf, ErrMismatch, "", ""},
		{"png named jpg", "photo.jpg", "", png, ErrMismatch, "", ""},
		{"pdf honestly", "evidence.pdf", "application/pdf", pdf, nil, "application/pdf", StatusCleaned},
		{"jpeg named pdf", "evidence.pdf", "application/pdf", jpg, nil, "image/jpeg", StatusClean},
		{"jpeg with no name", "", "", jpg, nil, "image/jpeg", StatusClean},
		{"jpeg declared jpg mime", "x", "image/jpg; q=1", jpg, nil, "image/jpeg", StatusClean},
		{"png named jpg declared png", "x.jpg", "image/png", png, nil, "image/png", StatusClean},
	}
	for _, c := range cases {
		res, err := Clean(c.data, c.file, c.mime, 0)
		if c.wantErr != nil {
			if !errors.Is(err, c.wantErr) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.MIME != c.wantMIME || res.Status != c.wantStatus {
			t.Errorf("%s: %s %s, want %s %s", c.name, res.MIME, res.Status, c.wantMIME, c.wantStatus)
		}
	}
}

// Types are told apart by content; the containers we clean pass through
// unchanged when there is nothing in them to remove, the others are kept
// as they came and marked uncleanable.
func TestCleanTypesPassThrough(t *testing.T) {
	t.Parallel()
	ftyp := func(major string, compat ...string) []byte {
		b := []byte{0, 0, 0, byte(16 + 4*len(compat))}
		b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
		for _, c := range compat {
			b = append(b, c...)
		}
		return append(b, "\x00\x00\x00\x08free"...)
	}
	cases := []struct {
		name       string
		data       []byte
		mime, ext  string
		kind       string
		declaredAs string
		status     Status
	}{
		{"pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "application/pdf", ".pdf", "document", "a.pdf", StatusClean},
		{"mp4", ftyp("isom", "isom", "iso2", "mp41"), "video/mp4", ".mp4", "video", "v.mp4", StatusClean},
		{"mov", ftyp("qt  ", "qt  "), "video/quicktime", ".mov", "video", "IMG_1.MOV", StatusClean},
		{"heic", ftyp("heic", "mif1", "heic"), "image/heic", ".heic", "image", "IMG_2.HEIC", StatusClean},
		{"avif", ftyp("avif", "mif1", "avif"), "image/avif", ".avif", "image", "", StatusClean},
		{"m4a", ftyp("M4A ", "M4A ", "mp42"), "audio/mp4", ".m4a", "audio", "", StatusClean},
		{"voice", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x13OpusHead\x01\x01"), "audio/ogg", ".ogg", "audio", "voice.oga", StatusUncleanable},
		{"docx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xmlPK\x03\x04word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "document", "tip.docx", StatusUncleanable},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00notes.txt"), "application/zip", ".zip", "document", "", StatusUncleanable},
		{"text", []byte("plain words about a shop on Renmin Road\n"), "text/plain", ".txt", "document", "a.txt", StatusUncleanable},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), "image/tiff", ".tif", "image", "", StatusUncleanable},
		{"unknown", []byte{0x00, 0x01, 0x02, 0x03, 0xFE, 0xFD}, "application/octet-stream", ".bin", "document", "x.dat", StatusUncleanable},
	}
	for _, c := range cases {
		res, err := Clean(c.data, c.declaredAs, "application/octet-stream", 0)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.MIME != c.mime || res.Ext != c.ext || res.Kind != c.kind || res.Status != c.status {
			t.Errorf("%s: got %s %s %s %s, want %s %s %s %s", c.name, res.MIME, res.Ext, res.Kind, res.Status, c.mime, c.ext, c.kind, c.status)
		}
		if res.Uncleanable() != (len(res.Remains) > 0) {
			t.Errorf("%s: %s, remains %q", c.name, res.Status, res.Remains)
		}
		if !bytes.Equal(res.Data, c.data) || res.SHA256 != sha256.Sum256(c.data) || len(res.Removed) != 0 {
			t.Errorf("%s: data or hash not of the original", c.name)
		}
	}
}
