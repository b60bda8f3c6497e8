package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

func (h *handler) releaseTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "release", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		_, err := h.queue.Release(r.Context(), by, id, v)
		return nil, err
	})
}
