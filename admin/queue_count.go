package admin

import (
	"encoding/json"
	"net/http"

	"github.com/tipline/tipline/queue"
)

// countQueue feeds the queue page's poll: how many tips wait unclaimed, so a
// banner can offer a reload when new ones arrive.
func (h *handler) countQueue(w http.ResponseWriter, r *http.Request) {
	counts, err := h.queue.CountByState(r.Context(), kindFor(currentOfficer(r)))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]int{"new": counts[queue.StateNew], "needs_info": counts[queue.StateNeedsInfo],
		"in_review": counts[queue.StateInReview]})
}
