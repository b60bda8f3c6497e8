package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxUploadBytes is Telegram's limit for files a bot uploads.
const maxUploadBytes = 50 << 20

// request holds the parameters of one API call in Telegram's form: every value as
// text, objects and arrays as their JSON text, plus uploaded files.
type request struct {
	params map[string]string
	files  map[string]upload
}

type upload struct {
	name string
	data []byte
}

var errBadBody = errors.New("telegramtest: unable to read request body")

func parseRequest(r *http.Request) (*request, error) {
	req := &request{params: map[string]string{}, files: map[string]upload{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			req.params[k] = v[0]
		}
	}
	if r.Method != http.MethodPost {
		return req, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxUploadBytes+1<<20))
	if err != nil {
		return nil, errBadBody
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// go-telegram/bot sends an empty multipart body for calls without parameters.
		return req, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxUploadBytes); err != nil {
			return nil, errBadBody
		}
		for k, v := range r.MultipartForm.Value {
			if len(v) > 0 {
				req.params[k] = v[0]
			}
		}
		for k, fhs := range r.MultipartForm.File {
			if len(fhs) == 0 {
				continue
			}
			f, err := fhs[0].Open()
			if err != nil {
				return nil, errBadBody
			}
			data, err := io.ReadAll(f)
			_ = f.Close()
			if err != nil {
				return nil, errBadBody
			}
			req.files[k] = upload{name: fhs[0].Filename, data: data}
		}
		_ = r.MultipartForm.RemoveAll()
	case "application/json":
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return nil, errBadBody
		}
		for k, raw := range fields {
			var str string
			if json.Unmarshal(raw, &str) == nil {
				req.params[k] = str
			} else if string(raw) != "null" {
				req.params[k] = string(raw)
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, errBadBody
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				req.params[k] = v[0]
			}
		}
	}
	return req, nil
}

func (r *request) str(name string) string { return r.params[name] }

func (r *request) boolean(name string) bool {
	v := strings.ToLower(r.params[name])
	return v == "true" || v == "1"
}

// integer parses an integer parameter; a missing one is 0.
func (r *request) integer(name string) (int64, *APIError) {
	v, ok := r.params[name]
	if !ok || v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, badRequest("invalid " + name + " specified")
	}
	return n, nil
}

// object decodes a parameter holding a JSON object or array.
func (r *request) object(name string, dest any) *APIError {
	v, ok := r.params[name]
	if !ok || v == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(v), dest); err != nil {
		return badRequest("can't parse " + name + " JSON object")
	}
	return nil
}

func badRequest(what string) *APIError {
	return &APIError{Code: http.StatusBadRequest, Description: "Bad Request: " + what}
}
