package media

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
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
		if empty, ok := ooxmlEmptyParts[strings.ToLower(f.Name)]; ok {
			if err := replacePart(zw, fh, empty, rm); err != nil {
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

// replacePart writes an empty property part in place of f; the original
// is never inflated, only its checksum compared to tell officers whether
// it said anything.
func replacePart(zw *zip.Writer, fh zip.FileHeader, empty string, rm *removals) error {
	if fh.CRC32 != crc32.ChecksumIEEE([]byte(empty)) || fh.UncompressedSize64 != uint64(len(empty)) {
		rm.add("document properties")
	}
	//lint:ignore SA1019 see cleanOOXML
	nh := zip.FileHeader{Name: fh.Name, Method: zip.Deflate, ModifiedDate: msDOS1980}
	w, err := zw.CreateHeader(&nh)
	if err != nil {
		return fmt.Errorf("%v: %w", err, errMalformed)
	}
	_, err = io.WriteString(w, empty)
	return err
}
