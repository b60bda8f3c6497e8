package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image/jpeg"
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
		"document properties", "zip comment", "file times", "comment and change authors")
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
		// The text, the comment and the change stay; only who made them goes.
		w := strings.NewReplacer(
			`w:author="`+marker+` tracked"`, `w:author=""`,
			`w:author="`+marker+` commenter"`, `w:author=""`,
			`w:initials="TM"`, `w:initials=""`).Replace(string(want[name]))
		if _, props := ooxmlEmptyParts[strings.ToLower(name)]; !props && string(got[name]) != w {
			t.Errorf("%s = %s\nwant %s", name, got[name], w)
		}
	}
	if !bytes.Contains(want["docProps/core.xml"], []byte(marker)) || !bytes.Contains(want["docProps/app.xml"], []byte(marker)) {
		t.Fatal("sample lost its marker")
	}
	if string(got["docProps/core.xml"]) != ooxmlEmptyParts["docprops/core.xml"] {
		t.Errorf("core.xml = %s", got["docProps/core.xml"])
	}
}

func TestCleanXLSXAndPPTXCommentAuthors(t *testing.T) {
	t.Parallel()
	parts := map[string]string{
		"[Content_Types].xml":    `<Types/>`,
		"xl/workbook.xml":        `<workbook/>`,
		"xl/comments1.xml":       `<comments><authors><author>` + marker + `</author></authors><commentList/></comments>`,
		"xl/persons/person.xml":  `<personList><person displayName="` + marker + `" id="{1}" userId="` + marker + `" providerId="AD"/></personList>`,
		"ppt/commentAuthors.xml": `<p:cmAuthorLst><p:cmAuthor id="1" name="` + marker + `" initials="TM" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`,
		"xl/sharedStrings.xml":   `<sst><si><t>name="kept"</t></si></sst>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/comments1.xml", "xl/persons/person.xml", "ppt/commentAuthors.xml", "xl/sharedStrings.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, parts[name])
	}
	zw.Close()
	res, err := Clean(buf.Bytes(), "book.xlsx", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || res.MIME != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("%s %s %q", res.Status, res.MIME, res.Removed)
	}
	got, _ := zipParts(t, res.Data)
	for name, p := range got {
		if bytes.Contains(p, []byte(marker)) || bytes.Contains(p, []byte("TM")) {
			t.Errorf("%s = %s", name, p)
		}
	}
	if string(got["xl/sharedStrings.xml"]) != parts["xl/sharedStrings.xml"] || !bytes.Contains(got["xl/persons/person.xml"], []byte(`id="{1}"`)) {
		t.Error("content changed")
	}
}

// A part that inflates past what it declares is a zip bomb: nothing is
// inflated past the declared size, and the file is kept with a warning.
func TestCleanDOCXBombIsUncleanable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, "<Types/>")
	w, _ = zw.Create("word/document.xml")
	w.Write(make([]byte, 10<<20))
	zw.Close()
	b := buf.Bytes()
	// Declare 100 bytes in the central directory for 10 MiB of zeros.
	cd := bytes.LastIndex(b, []byte("PK\x01\x02"))
	binary.LittleEndian.PutUint32(b[cd+24:], 100)
	res, err := Clean(b, "tip.docx", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, b) {
		t.Errorf("%s %q", res.Status, res.Removed)
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

// buildZip writes the parts in order, pictures stored as Office does.
func buildZip(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		method := zip.Deflate
		if strings.Contains(p[0], "/media/") {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A photo pasted into a report keeps its camera's GPS; a chart's workbook
// keeps its author. Both are cleaned inside the document.
func TestCleanDOCXEmbeddedPhotoAndWorkbook(t *testing.T) {
	t.Parallel()
	photo := dirtyJPEG(t, photo(16, 16, 3), 1)
	chart := buildZip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.xml", "<workbook/>"},
		[2]string{"docProps/core.xml", "<cp:coreProperties><dc:creator>" + marker + "</dc:creator></cp:coreProperties>"})
	doc := buildZip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"},
		[2]string{"word/media/image1.jpeg", string(photo)}, [2]string{"word/embeddings/Chart1.xlsx", string(chart)})
	res, err := Clean(doc, "report.docx", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || !containsAll(res.Removed, "embedded file metadata") {
		t.Fatalf("%s %q", res.Status, res.Removed)
	}
	got, _ := zipParts(t, res.Data)
	noSecrets(t, got["word/media/image1.jpeg"], "Exif\x00\x00")
	if _, err := jpeg.Decode(bytes.NewReader(got["word/media/image1.jpeg"])); err != nil {
		t.Errorf("picture no longer decodes: %v", err)
	}
	inner, _ := zipParts(t, got["word/embeddings/Chart1.xlsx"])
	if bytes.Contains(inner["docProps/core.xml"], []byte(marker)) || string(inner["xl/workbook.xml"]) != "<workbook/>" {
		t.Errorf("embedded workbook: %q", inner)
	}
}

// A legacy OLE object embedded in a document carries its own metadata,
// which we do not edit: the document is kept with a warning.
func TestCleanDOCXEmbeddedOLEIsUncleanable(t *testing.T) {
	t.Parallel()
	doc := buildZip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"},
		[2]string{"word/embeddings/oleObject1.bin", string(oleSignature) + "Root Entry"})
	res, err := Clean(doc, "report.docx", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, doc) {
		t.Errorf("%s %q", res.Status, res.Removed)
	}
}
