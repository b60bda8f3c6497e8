package webreport

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
)

// upload is a multipart form as the web report reads it: a few small fields
// and files. The listener's body rules (BodyRules) have parsed it before the
// handler runs, its files waiting in temporary files; each is read into
// memory only when its turn comes, so one file at a time is held.
type upload struct {
	fields   map[string]string
	files    []*multipart.FileHeader
	fileSize int64 // the most bytes a file may have
}

// Bounds of what an upload's small fields may hold.
const (
	maxFieldBytes = 64 << 10 // a description or an answer
	maxFields     = 16
	// formMemory is how much of a form is held in memory when no body rule
	// parsed it first; the rest of its files wait on disk.
	formMemory = 1 << 20
)

var (
	errNotMultipart = errors.New("webreport: not a multipart form")
	errFieldTooLong = errors.New("webreport: a form field is too long")
	errTooManyParts = errors.New("webreport: too many form fields")
)

// readUpload reads r's multipart form: its fields (the first value of each,
// as valid UTF-8) and its files named "files".
func readUpload(r *http.Request, fileSize int64) (*upload, error) {
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(formMemory); err != nil {
			if errors.Is(err, http.ErrNotMultipart) {
				return nil, errNotMultipart
			}
			return nil, err
		}
	}
	form := r.MultipartForm
	if len(form.Value) > maxFields {
		return nil, errTooManyParts
	}
	u := &upload{fields: map[string]string{}, fileSize: fileSize}
	for name, vs := range form.Value {
		if len(vs) == 0 {
			continue
		}
		if len(vs[0]) > maxFieldBytes {
			return nil, errFieldTooLong
		}
		u.fields[name] = strings.ToValidUTF8(vs[0], "\uFFFD")
	}
	for _, fh := range form.File["files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // an empty file input
		}
		u.files = append(u.files, fh)
	}
	return u, nil
}

// file is one file of an upload; its declared name and type are only hints
// for the cleaner, never stored.
type file struct {
	data       []byte
	name, mime string
	tooLarge   bool // over the per-file limit: not read at all
}

// remaining is how many files next has still to return.
func (u *upload) remaining() int { return len(u.files) }

// next returns the next file; ok is false after the last.
func (u *upload) next() (f file, ok bool, err error) {
	if len(u.files) == 0 {
		return file{}, false, nil
	}
	fh := u.files[0]
	u.files = u.files[1:]
	f = file{name: fh.Filename, mime: fh.Header.Get("Content-Type")}
	if fh.Size > u.fileSize {
		f.tooLarge = true
		return f, true, nil
	}
	src, err := fh.Open()
	if err != nil {
		return file{}, false, err
	}
	defer src.Close()
	// Read into a buffer of the file's size: growing one as it fills
	// would leave twice the file's size of garbage behind.
	f.data = make([]byte, fh.Size)
	if _, err := io.ReadFull(src, f.data); err != nil {
		return file{}, false, err
	}
	return f, true, nil
}
