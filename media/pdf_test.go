package media

import (
	"bytes"
	"compress/zlib"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// pdfXrefObjects follows startxref and every /Prev of a file with classic
// cross-reference tables and returns, for each object in use, whether its
// offset holds "N G obj": the test's own reading of what a viewer reads.
func pdfXrefObjects(t *testing.T, b []byte) int {
	t.Helper()
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		t.Fatal("no startxref")
	}
	off, err := strconv.Atoi(strings.Fields(string(b[i+9:]))[0])
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for off > 0 {
		if !bytes.HasPrefix(b[off:], []byte("xref")) {
			t.Fatalf("no xref at %d", off)
		}
		f := strings.Fields(string(b[off+4:]))
		first, _ := strconv.Atoi(f[0])
		n, _ := strconv.Atoi(f[1])
		for k := 0; k < n; k++ {
			at, _ := strconv.Atoi(f[2+3*k])
			if f[4+3*k] != "n" {
				continue
			}
			want := strconv.Itoa(first+k) + " " + strings.TrimLeft(f[3+3*k], "0")
			if strings.TrimLeft(f[3+3*k], "0") == "" {
				want = strconv.Itoa(first+k) + " 0"
			}
			if !bytes.HasPrefix(b[at:], []byte(want+" obj")) {
				t.Errorf("object %d: offset %d holds %q", first+k, at, b[at:at+12])
			}
			checked++
		}
		tr := bytes.Index(b[off:], []byte("trailer"))
		end := bytes.Index(b[off+tr:], []byte(">>"))
		trailer := string(b[off+tr : off+tr+end])
		off = 0
		if p := strings.Index(trailer, "/Prev"); p >= 0 {
			off, _ = strconv.Atoi(strings.Fields(trailer[p+5:])[0])
		}
	}
	return checked
}

func TestCleanPDFBlanksEveryRevisionsInfoAndXMP(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.pdf", "application/pdf", "document information", "XMP")
	sameLength(t, orig, res.Data)
	if n := pdfXrefObjects(t, res.Data); n < 7 {
		t.Errorf("%d objects checked", n)
	}
	for _, s := range []string{"Microsoft Word", "D:2026", "TIPT", "<dc:creator>"} {
		if bytes.Contains(res.Data, []byte(s)) {
			t.Errorf("%q survived", s)
		}
	}
	// Keys stay so the dictionary still parses; the page is untouched.
	for _, s := range []string{"/Author ()", "/Producer ()", "/Pages 3 0 R", "/MediaBox [ 0 0 200 100 ]", "<?xpacket end=\"w\"?>"} {
		if !bytes.Contains(res.Data, []byte(s)) {
			t.Errorf("%q lost", s)
		}
	}
	page := bytes.Index(orig, []byte("5 0 obj"))
	if !bytes.Equal(res.Data[page:page+200], orig[page:page+200]) {
		t.Error("page content changed")
	}
}

// inflateObjStm returns the inflated content of the first object stream.
func inflateObjStm(t *testing.T, b []byte) []byte {
	t.Helper()
	i := bytes.Index(b, []byte("/Type /ObjStm"))
	if i < 0 {
		t.Fatal("no object stream")
	}
	start := bytes.Index(b[i:], []byte("stream\n")) + i + len("stream\n")
	zr, err := zlib.NewReader(bytes.NewReader(b[start:]))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("object stream does not inflate: %v", err)
	}
	return plain
}

// qpdf packs the information dictionary into a compressed object stream;
// it is emptied there and the stream deflated into the bytes it had.
func TestCleanPDFInfoInObjectStream(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker-objstm.pdf", "application/pdf", "document information", "XMP")
	sameLength(t, orig, res.Data)
	got, want := inflateObjStm(t, res.Data), inflateObjStm(t, orig)
	if !bytes.Contains(want, []byte(marker)) || bytes.Contains(got, []byte(marker)) {
		t.Error("marker not removed from the object stream")
	}
	// Same objects at the same offsets; what follows the last is spaces.
	if len(got) < len(want) || len(bytes.TrimRight(got[len(want):], " ")) != 0 {
		t.Fatalf("inflated to %d bytes, was %d", len(got), len(want))
	}
	first := bytes.Index(want, []byte("<<"))
	if !bytes.Equal(got[:first], want[:first]) {
		t.Errorf("object stream header changed: %q", got[:first])
	}
	for _, s := range []string{"/Author ()", "/Producer ()", "/Type /Catalog", "/Type /Pages"} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("%q lost", s)
		}
	}
	// The cross-reference stream and everything after the object stream
	// are untouched.
	xref := bytes.Index(orig, []byte("/Type /XRef"))
	if !bytes.Equal(res.Data[xref:], orig[xref:]) {
		t.Error("cross-reference stream changed")
	}
}

// An object stream in a filter we do not inflate: kept with a warning.
func TestCleanPDFUnknownObjectStreamFilterIsUncleanable(t *testing.T) {
	t.Parallel()
	orig := bytes.Replace(sample(t, "marker-objstm.pdf"), []byte("/ObjStm /Length 304 /Filter /FlateDecode"), []byte("/ObjStm /Length 304 /Filter /LZWDecode  "), 1)
	res, err := Clean(orig, "tip.pdf", "application/pdf", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, orig) || len(res.Removed) != 0 {
		t.Fatalf("%s %q", res.Status, res.Removed)
	}
	if !slices.Equal(res.Remains, []Trace{TracePeople, TraceDevice, TraceTime}) {
		t.Errorf("Remains = %q", res.Remains)
	}
}

// deflateInto fills exactly the room it is given, from a few bytes more
// than the data deflates to up to more than one stored block can hold.
func TestDeflateIntoExactRoom(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte("<< /Author () >> "), 50)
	for _, n := range []int{42, 43, 60, 1000, 70000, 65535 + 42, 140000} {
		out, err := deflateInto(data, n)
		if err != nil {
			t.Fatalf("%d: %v", n, err)
		}
		if len(out) != n {
			t.Fatalf("%d: %d bytes", n, len(out))
		}
		zr, err := zlib.NewReader(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.HasPrefix(plain, data) || len(bytes.TrimRight(plain[len(data):], " ")) != 0 {
			t.Fatalf("%d: inflates to %d bytes, %v", n, len(plain), err)
		}
	}
	if _, err := deflateInto(data, 41); err == nil {
		t.Error("no room: no error")
	}
}

func TestCleanPDFStringsWithEscapesAndReferences(t *testing.T) {
	t.Parallel()
	pdf := []byte("%PDF-1.4\n" +
		"1 0 obj\n<< /Type /Catalog /Metadata 3 0 R >>\nendobj\n" +
		"2 0 obj\n<< /Author (Li \\(Si\\) (nested\\)) here) /Title 4 0 R /Trapped /False /Company <5A68616E67> >>\nendobj\n" +
		"3 0 obj\n<< /Length 30 /Filter /FlateDecode >>\nstream\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nendstream\nendobj\n" +
		"4 0 obj\n(Zhang San)\nendobj\n" +
		"trailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n")
	res, err := Clean(pdf, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCleaned || len(res.Data) != len(pdf) {
		t.Fatalf("%s %q", res.Status, res.Removed)
	}
	for _, s := range []string{"Li", "Si", "nested", "Zhang", "5A68", "False", "FlateDecode", "xxxx"} {
		if bytes.Contains(res.Data, []byte(s)) {
			t.Errorf("%q survived:\n%s", s, res.Data)
		}
	}
	for _, s := range []string{"/Author ()", "/Title 4 0 R", "4 0 obj\n()", "/Length 30", "/Trapped /"} {
		if !bytes.Contains(res.Data, []byte(s)) {
			t.Errorf("%q lost:\n%s", s, res.Data)
		}
	}
}
