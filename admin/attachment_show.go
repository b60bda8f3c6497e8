package admin

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

// inlineMIME lists the only types shown in the page; everything else downloads.
func inlineMIME(m string) bool {
	switch m {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// showAttachment serves an attachment's cleaned bytes with its cleaned type, so
// reporter content is never rendered as HTML.
func (h *handler) showAttachment(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	attID, err2 := strconv.ParseInt(r.PathValue("att"), 10, 64)
	if err1 != nil || err2 != nil {
		h.notFound(w, r)
		return
	}
	// GetAs hides attachments of tips the role may not see.
	if _, err := h.queue.GetAs(r.Context(), actor(o), id); err != nil {
		if errIs(err, queue.ErrNotFound) {
			h.notFound(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	a, data, err := h.queue.AttachmentData(r.Context(), id, attID)
	if errIs(err, queue.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.record(r, o, "", "tip.attachment", &id, map[string]int64{"attachment_id": attID}); err != nil {
		h.auditRefused(w, r)
		return
	}
	disp, ct := "attachment", a.MIME
	if inlineMIME(a.MIME) {
		disp = "inline"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	name := a.FileName
	if name == "" {
		name = fmt.Sprintf("tip%d-%d", id, attID)
	}
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
