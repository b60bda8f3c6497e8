package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// askReporter sends a question; it reaches the reporter now if they consented to
// messages, else when they next check with their receipt.
func (h *handler) askReporter(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "ask", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		d, err := h.queue.AskReporter(r.Context(), by, id, r.PostFormValue("body"), v)
		return map[string]int64{"dialogue_id": d.ID}, err
	})
}
