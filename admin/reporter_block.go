package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// blockReporter stops the tip's reporter from sending more; the reporter stays
// unknown, only their keyed reference is blocked.
func (h *handler) blockReporter(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "block", func(r *http.Request, by queue.Actor, id int64, _ int) (any, error) {
		reason := r.PostFormValue("reason")
		if r.PostFormValue("unblock") == "1" {
			return map[string]bool{"unblock": true}, h.queue.Unblock(r.Context(), by, id)
		}
		return map[string]string{"reason": reason}, h.queue.Block(r.Context(), by, id, reason)
	})
}
