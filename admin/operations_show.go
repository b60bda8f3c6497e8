package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// showOperations lists the operations (专项行动) outcomes are tagged with.
func (h *handler) showOperations(w http.ResponseWriter, r *http.Request) {
	ops, err := h.queue.Operations(r.Context(), true)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := h.view(w, r, "operations")
	v.D = struct{ Operations []queue.Operation }{ops}
	h.render(w, r, v, http.StatusOK)
}
