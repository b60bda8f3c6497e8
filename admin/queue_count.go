package admin

import (
	"encoding/json"
	"net/http"

	"github.com/tipline/tipline/queue"
)

// countQueue feeds the queue page's poll: how many tips wait unclaimed, so a
// banner can offer a reload when new ones arrive, and the newest unclaimed
// urgent tip, which sounds the page's alert when the officer turned it on.
func (h *handler) countQueue(w http.ResponseWriter, r *http.Request) {
	kind := kindFor(currentOfficer(r))
	counts, err := h.queue.CountByState(r.Context(), kind)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	urgent, err := h.queue.LatestUrgent(r.Context(), kind)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]int64{"new": int64(counts[queue.StateNew]), "needs_info": int64(counts[queue.StateNeedsInfo]),
		"in_review": int64(counts[queue.StateInReview]), "latest_urgent": urgent})
}
