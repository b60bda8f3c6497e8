package admin

import (
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

// showCannedQuestions lists the canned questions for supervisors to write,
// edit and archive.
func (h *handler) showCannedQuestions(w http.ResponseWriter, r *http.Request) {
	qs, err := h.queue.CannedQuestions(r.Context(), true)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := h.view(w, r, "canned")
	v.D = struct {
		Questions []queue.CannedQuestion
		Max       int
	}{qs, queue.MaxCannedQuestion}
	h.render(w, r, v, http.StatusOK)
}

// loadCanned offers the canned questions on a tip's ask form and, when one
// was picked (?canned=id, the link that works without scripts), fills the
// form with it in the reporter's language.
func (h *handler) loadCanned(r *http.Request, d *tipData) error {
	qs, err := h.queue.CannedQuestions(r.Context(), false)
	if err != nil {
		return err
	}
	d.Canned = qs
	picked, _ := strconv.ParseInt(r.URL.Query().Get("canned"), 10, 64)
	for _, q := range qs {
		if q.ID == picked {
			d.AskText = q.Text(d.Tip.Locale)
		}
	}
	return nil
}
