package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

func (h *handler) assignTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "assign", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		to := formInt64(r, "officer_id")
		_, err := h.queue.Assign(r.Context(), by, id, to, v)
		return map[string]int64{"officer_id": to}, err
	})
}
