package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

func (h *handler) prioritizeTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "priority", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		p := queue.Priority(formInt64(r, "priority"))
		if !p.Valid() {
			return nil, &queue.InvalidError{Field: "priority", Reason: "unknown"}
		}
		_, err := h.queue.SetPriority(r.Context(), by, id, p, v)
		return map[string]string{"priority": p.String()}, err
	})
}
