package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// closeTip closes a tip; closing as actioned takes the outcome with it.
func (h *handler) closeTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "close", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		res := queue.Resolution(r.PostFormValue("resolution"))
		dup := formInt64(r, "duplicate_of")
		if res == queue.Actioned && dup == 0 {
			o, err := outcomeForm(r)
			if err != nil {
				return nil, err
			}
			_, err = h.queue.CloseActioned(r.Context(), by, id, o, v)
			return map[string]any{"resolution": res, "outcome": o.Detail()}, err
		}
		_, err := h.queue.Close(r.Context(), by, id, res, dup, v)
		return map[string]any{"resolution": res, "duplicate_of": dup}, err
	})
}
