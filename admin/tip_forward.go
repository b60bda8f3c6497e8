package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// forwardTip hands a tip to one of the configured units (outcomes.units); the
// unit's code is stored, so a renamed unit keeps its tips.
func (h *handler) forwardTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "forward", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		unit, caseNo := r.PostFormValue("unit"), r.PostFormValue("case")
		if _, ok := h.cfg.Outcomes.Unit(unit); !ok {
			return nil, &queue.InvalidError{Field: "unit", Reason: "not a configured unit"}
		}
		_, err := h.queue.Forward(r.Context(), by, id, unit, caseNo, v)
		return map[string]string{"unit": unit, "case": caseNo}, err
	})
}
