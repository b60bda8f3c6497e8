package webreport

import (
	"bytes"
	"net/http"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzUploadForm feeds the web form's multipart decoding any body: it must
// never panic, never hold a file over the limit, and hand over fields as
// valid UTF-8 within their bound.
func FuzzUploadForm(f *testing.F) {
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"ft\"\r\n\r\nabc\r\n--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xd9\r\n--x--\r\n"))
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\xe4\xbd\r\n--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\r\n\r\n--x--\r\n"))
	f.Add([]byte("--x\r\n\r\n--x--"))
	const limit = 64
	f.Fuzz(func(t *testing.T, body []byte) {
		req, _ := http.NewRequest(http.MethodPost, "/r/evidence", bytes.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		up, err := readUpload(req, limit)
		if req.MultipartForm != nil {
			defer req.MultipartForm.RemoveAll()
		}
		if err != nil {
			return
		}
		for k, v := range up.fields {
			if !utf8.ValidString(v) || len(v) > maxFieldBytes*3 || len(up.fields) > maxFields {
				t.Fatalf("field %q: %d bytes", k, len(v))
			}
		}
		for range 100 {
			f, ok, err := up.next()
			if err != nil || !ok {
				return
			}
			if len(f.data) > limit || (f.tooLarge && f.data != nil) {
				t.Fatalf("a file of %d bytes over a limit of %d", len(f.data), limit)
			}
		}
	})
}

// FuzzFormToken: no token but the server's own passes, whatever the input.
func FuzzFormToken(f *testing.F) {
	h := &handler{formKey: []byte("fuzz key of the form tokens 0123")}
	now := time.Unix(1_800_000_000, 0)
	f.Add(h.formToken(now))
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, token string) {
		served, ok := h.tokenTime(token, now)
		if ok && h.formToken(served) != token {
			t.Fatalf("token %q passed without being the server's", token)
		}
	})
}
