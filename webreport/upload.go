package webreport

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
)

// upload is a multipart form as the web report reads it: a few small fields,
// then files, each handed over as soon as it has arrived so that only one is
// ever held in memory. Browsers send fields in the order of the page, and
// every form puts its fields before its file input.
type upload struct {
	mr       *multipart.Reader
	fields   map[string]string
	fileSize int64 // the most bytes a file may have
	pending  *multipart.Part
}

// Bounds of what an upload's small fields may hold.
const (
	maxFieldBytes = 64 << 10 // a description or an answer, percent-free
	maxFields     = 16
)

var (
	errNotMultipart = errors.New("webreport: not a multipart form")
	errFieldTooLong = errors.New("webreport: a form field is too long")
	errTooManyParts = errors.New("webreport: too many form fields")
)

// readUpload reads the fields that precede the first file of r's multipart
// body; the files are then read one at a time with next.
func readUpload(r *http.Request, fileSize int64) (*upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errNotMultipart
	}
	u := &upload{mr: mr, fields: map[string]string{}, fileSize: fileSize}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err != nil {
			return nil, err
		}
		if p.FileName() != "" || p.FormName() == "files" {
			u.pending = p
			return u, nil
		}
		if len(u.fields) == maxFields {
			return nil, errTooManyParts
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxFieldBytes {
			return nil, errFieldTooLong
		}
		name := p.FormName()
		if _, seen := u.fields[name]; !seen {
			u.fields[name] = strings.ToValidUTF8(string(b), "\uFFFD")
		}
	}
}

// file is one file of an upload; its declared name and type are only hints
// for the cleaner, never stored.
type file struct {
	data       []byte
	name, mime string
	tooLarge   bool // over the per-file limit: reading stopped there
}

// next returns the next file; ok is false after the last. A file over the
// limit is read no further: tooLarge is set and the upload ends with it, so
// a huge file costs at most the limit in memory and time.
func (u *upload) next() (f file, ok bool, err error) {
	for {
		if u.mr == nil {
			return file{}, false, nil
		}
		p := u.pending
		u.pending = nil
		if p == nil {
			p, err = u.mr.NextPart()
			if errors.Is(err, io.EOF) {
				return file{}, false, nil
			}
			if err != nil {
				return file{}, false, err
			}
		}
		if p.FileName() == "" && p.FormName() != "files" {
			continue // a field after the files: not ours to read
		}
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(p, u.fileSize+1))
		if err != nil {
			return file{}, false, err
		}
		if n == 0 && p.FileName() == "" {
			continue // an empty file input
		}
		f := file{data: buf.Bytes(), name: p.FileName(), mime: p.Header.Get("Content-Type")}
		if n > u.fileSize {
			f.data, f.tooLarge = nil, true
			u.mr = nil
		}
		return f, true, nil
	}
}

// done reports whether nothing more is read (after a file over the limit).
func (u *upload) done() bool { return u.mr == nil }
