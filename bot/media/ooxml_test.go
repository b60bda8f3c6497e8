package media

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// zipParts reads every part of a zip, failing on a bad checksum.
func zipParts(t *testing.T, b []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = data
		order = append(order, f.Name)
	}
	return parts, order
}

func TestCleanDOCXEmptiesDocumentProperties(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"document properties", "zip comment", "file times")
	got, order := zipParts(t, res.Data)
	want, wantOrder := zipParts(t, orig)
	if len(order) != len(wantOrder) {
		t.Fatalf("parts %q, want %q", order, wantOrder)
	}
	for i, name := range order {
		if name != wantOrder[i] {
			t.Errorf("part %d is %q, want %q", i, name, wantOrder[i])
		}
		if bytes.Contains(got[name], []byte(marker)) {
			t.Errorf("%s still holds the marker", name)
		}
		if _, props := ooxmlEmptyParts[strings.ToLower(name)]; !props && !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s changed", name)
		}
	}
	if !bytes.Contains(want["docProps/core.xml"], []byte(marker)) || !bytes.Contains(want["docProps/app.xml"], []byte(marker)) {
		t.Fatal("sample lost its marker")
	}
	if string(got["docProps/core.xml"]) != ooxmlEmptyParts["docprops/core.xml"] {
		t.Errorf("core.xml = %s", got["docProps/core.xml"])
	}
}

func TestCleanZipWithoutContentTypesIsUncleanable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/notes.txt")
	io.WriteString(w, "photos of the shop")
	zw.Close()
	res, err := Clean(buf.Bytes(), "a.docx", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, buf.Bytes()) || res.Remains[0] != TracePeople {
		t.Errorf("%s %q remains %q", res.Status, res.Removed, res.Remains)
	}
}
