package admin

import (
	"errors"
	"io"
	"net/http"

	"github.com/tipline/tipline/media"
	"github.com/tipline/tipline/queue"
)

// AskImageBytes bounds the image an officer may show the reporter with a
// question; the admin's body rules allow the form this much more.
const AskImageBytes = 5 << 20

// askReporter sends a question; it reaches the reporter now if they consented to
// messages, else when they next check with their receipt. An image may go
// with it, cleaned first: a photo taken by an officer's phone names the
// place it was taken as well as a reporter's does.
func (h *handler) askReporter(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "ask", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		image, err := askImage(r)
		if err != nil {
			return nil, err
		}
		d, err := h.queue.AskReporterWith(r.Context(), by, id, r.PostFormValue("body"), image, v)
		detail := map[string]any{"dialogue_id": d.ID}
		if image != nil {
			detail["image_sha256"] = image.SHA256
		}
		return detail, err
	})
}

// askImage reads the question's optional image and cleans it; nil when none
// was chosen. Anything but an image that cleans is refused, naming the field.
func askImage(r *http.Request) (*queue.NewAttachment, error) {
	f, fh, err := r.FormFile("image")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, &queue.InvalidError{Field: "image", Reason: err.Error()}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, AskImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) == 0 && fh.Filename == "" {
		return nil, nil
	}
	res, err := media.Clean(data, fh.Filename, fh.Header.Get("Content-Type"), AskImageBytes)
	if err != nil || res.Kind != "image" || res.Uncleanable() {
		return nil, &queue.InvalidError{Field: "image", Reason: "not an image that can be cleaned"}
	}
	removed := res.Removed
	if removed == nil {
		removed = []string{}
	}
	return &queue.NewAttachment{Kind: res.Kind, FileName: "image" + res.Ext, MIME: res.MIME, Size: int64(len(res.Data)),
		SHA256: res.SHA256, CleanStatus: string(res.Status), Removed: removed, Data: res.Data}, nil
}
