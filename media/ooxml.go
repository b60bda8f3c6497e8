package media

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"regexp"
	"strings"
	"time"
)

// ooxmlMaxEntries bounds the parts of an Office document; real ones have
// tens, a zip built to exhaust us has millions.
const ooxmlMaxEntries = 10000

// ooxmlEmptyParts are the document property parts, replaced by ones that
// say nothing: core.xml holds the author, the last person to save and the
// dates, app.xml the program, company, manager and template, custom.xml
// whatever an organisation's templates add.
var ooxmlEmptyParts = map[string]string{
	"docprops/core.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>`,
	"docprops/app.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>`,
	"docprops/custom.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>`,
}

// ooxmlMaxInflated bounds what is inflated to look for authors' names, per
// part and in all; a document past it is kept uncleaned, with a warning.
const (
	ooxmlMaxPart     = 32 << 20
	ooxmlMaxInflated = 64 << 20
)

// ooxmlAuthors says where Office keeps the names of the people who
// commented on or changed a document: attributes and elements whose
// values are emptied, in the parts whose names match.
var ooxmlAuthors = []struct {
	parts string // path.Match pattern, lower case
	names *regexp.Regexp
}{
	// Comments, tracked changes anywhere in the text, and the people list.
	{"word/*.xml", ooxmlAttrs("w:author", "w:initials", "w15:author", "w15:userId", "w15:providerId")},
	{"xl/comments*.xml", regexp.MustCompile(`(<author)>[^<]*(</author>)`)},
	{"xl/persons/*.xml", ooxmlAttrs("displayName", "userId", "providerId")},
	{"xl/revisions/*.xml", ooxmlAttrs("userName")},
	{"ppt/commentauthors.xml", ooxmlAttrs("name", "initials")},
	{"ppt/authors.xml", ooxmlAttrs("name", "initials", "userId", "providerId")},
}

// ooxmlAttrs matches the attributes, keeping the name and quotes in
// groups 1 and 2 for an empty value between them.
func ooxmlAttrs(names ...string) *regexp.Regexp {
	return regexp.MustCompile(`(\s(?:` + strings.Join(names, "|") + `)=")[^"]*(")`)
}

// msDOS1980 is 1 January 1980 as an MS-DOS date, the earliest time a zip
// entry can carry and what Office itself writes.
const msDOS1980 = 0x21

var zip1980 = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// cleanOOXML rewrites the package: the property parts are replaced, every
// other part is copied byte for byte without being inflated (so a zip bomb
// costs what it weighs), and each entry's time, extra fields and comment,
// which zip tools fill with the saving machine's clock and user ids, are
// dropped.
func cleanOOXML(b []byte, rm *removals) ([]byte, error) {
	return cleanOOXMLAt(b, 0, rm)
}

// cleanOOXMLAt cleans a package embedded depth deep in another.
func cleanOOXMLAt(b []byte, depth int, rm *removals) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("ooxml: %v: %w", err, errMalformed)
	}
	if len(zr.File) > ooxmlMaxEntries {
		return nil, fmt.Errorf("ooxml: %d entries: %w", len(zr.File), errMalformed)
	}
	hasTypes := false
	for _, f := range zr.File {
		hasTypes = hasTypes || f.Name == "[Content_Types].xml"
	}
	if !hasTypes {
		// A zip that mentions word/ but is no Office document.
		return nil, fmt.Errorf("ooxml: no [Content_Types].xml: %w", errCannotClean)
	}
	var out bytes.Buffer
	out.Grow(len(b))
	inflated := uint64(0)
	zw := zip.NewWriter(&out)
	if zr.Comment != "" {
		rm.add("zip comment")
	}
	for i, f := range zr.File {
		fh := f.FileHeader
		if len(fh.Extra) > 0 || fh.Comment != "" || !fh.Modified.Equal(zip1980) {
			rm.add("file times")
		}
		fh.Extra, fh.Comment = nil, ""
		// Setting Modified would make the writer add an extended
		// timestamp of its own.
		fh.Modified = time.Time{}
		//lint:ignore SA1019 the MS-DOS fields are the only way to write no extended timestamp
		fh.ModifiedDate, fh.ModifiedTime = msDOS1980, 0
		content, changed, err := cleanPart(f, depth, &inflated, rm)
		if err != nil {
			return nil, fmt.Errorf("ooxml: part %d: %w", i, err)
		}
		if changed {
			if err := replacePart(zw, fh, content); err != nil {
				return nil, fmt.Errorf("ooxml: part %d: %w", i, err)
			}
			continue
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("ooxml: part %d: %v: %w", i, err, errMalformed)
		}
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			return nil, fmt.Errorf("ooxml: part %d: %v: %w", i, err, errMalformed)
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, fmt.Errorf("ooxml: part %d: %v: %w", i, err, ErrTruncated)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("ooxml: %v: %w", err, errMalformed)
	}
	return out.Bytes(), nil
}

// ooxmlAuthorNames returns what to empty in the part, or nil.
func ooxmlAuthorNames(name string) *regexp.Regexp {
	lower := strings.ToLower(name)
	for _, a := range ooxmlAuthors {
		if ok, _ := path.Match(a.parts, lower); ok {
			return a.names
		}
	}
	return nil
}

// inflatePart reads a part whose declared size and actual size are both
// within bounds: a zip bomb declares little and inflates to much, so
// reading stops one byte past what is allowed.
func inflatePart(f *zip.File, inflated *uint64) ([]byte, error) {
	if f.UncompressedSize64 > ooxmlMaxPart || *inflated+f.UncompressedSize64 > ooxmlMaxInflated {
		return nil, fmt.Errorf("part too large: %w", errCannotClean)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, errMalformed)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, errMalformed)
	}
	if uint64(len(b)) != f.UncompressedSize64 {
		return nil, fmt.Errorf("part is not the size it declares: %w", errMalformed)
	}
	*inflated += uint64(len(b))
	return b, nil
}

// replacePart writes content in place of the part fh describes, deflated
// unless the part was stored (pictures usually are).
func replacePart(zw *zip.Writer, fh zip.FileHeader, content []byte) error {
	method := zip.Deflate
	if fh.Method == zip.Store {
		method = zip.Store
	}
	//lint:ignore SA1019 see cleanOOXML
	nh := zip.FileHeader{Name: fh.Name, Method: method, ModifiedDate: msDOS1980}
	w, err := zw.CreateHeader(&nh)
	if err != nil {
		return fmt.Errorf("%v: %w", err, errMalformed)
	}
	_, err = w.Write(content)
	return err
}

// ooxmlMedia are the walkers for pictures, videos and sound embedded in a
// document (word/media/, xl/media/, ppt/media/): a photo pasted into a
// report keeps its camera's GPS.
var ooxmlMedia = map[format]func([]byte, *removals) ([]byte, error){
	formatJPEG: cleanJPEG, formatPNG: cleanPNG, formatWebP: cleanWebP, formatGIF: cleanGIF,
	formatTIFF: cleanTIFF, formatISOBMFF: cleanISOBMFF, formatOgg: cleanOgg,
}

// cleanPart returns what a part becomes and whether it changed. The
// property parts are replaced without being inflated (their checksum
// tells officers whether they said anything); author lists, pictures and
// embedded documents are inflated within bounds and cleaned.
func cleanPart(f *zip.File, depth int, inflated *uint64, rm *removals) ([]byte, bool, error) {
	name := strings.ToLower(f.Name)
	if empty, ok := ooxmlEmptyParts[name]; ok {
		if f.CRC32 != crc32.ChecksumIEEE([]byte(empty)) || f.UncompressedSize64 != uint64(len(empty)) {
			rm.add("document properties")
		}
		return []byte(empty), true, nil
	}
	if names := ooxmlAuthorNames(name); names != nil {
		xml, err := inflatePart(f, inflated)
		if err != nil {
			return nil, false, err
		}
		blanked := names.ReplaceAll(xml, []byte("${1}${2}"))
		if bytes.Equal(blanked, xml) {
			return nil, false, nil
		}
		rm.add("comment and change authors")
		return blanked, true, nil
	}
	embedded := strings.Contains(name, "/embeddings/")
	if !embedded && !strings.Contains(name, "/media/") {
		return nil, false, nil
	}
	data, err := inflatePart(f, inflated)
	if err != nil {
		return nil, false, err
	}
	var inner removals
	var cleaned []byte
	t := sniff(data)
	switch walk := ooxmlMedia[t.format]; {
	case walk != nil:
		cleaned, err = walk(data, &inner)
	case t.format == formatOOXML && depth == 0:
		// A chart's workbook, a document pasted into another.
		cleaned, err = cleanOOXMLAt(data, depth+1, &inner)
	case embedded:
		// Legacy OLE objects and anything else carry their own metadata.
		return nil, false, fmt.Errorf("embedded %s: %w", t.mime, errCannotClean)
	default:
		return nil, false, nil // fonts, other sound: not what phones tag
	}
	if err != nil {
		return nil, false, fmt.Errorf("embedded %s: %v: %w", t.mime, err, errCannotClean)
	}
	if len(inner.list) == 0 {
		return nil, false, nil
	}
	rm.add("embedded file metadata")
	return cleaned, true, nil
}
