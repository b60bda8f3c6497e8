package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

func (h *handler) forwardTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "forward", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		unit, caseNo := r.PostFormValue("unit"), r.PostFormValue("case")
		_, err := h.queue.Forward(r.Context(), by, id, unit, caseNo, v)
		return map[string]string{"unit": unit, "case": caseNo}, err
	})
}
