package admin

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/tipline/tipline/queue"
)

func (h *handler) rewardTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "reward", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		step := queue.RewardStep(r.PostFormValue("step"))
		var cents int64
		if s := strings.TrimSpace(r.PostFormValue("amount")); s != "" {
			yuan, err := strconv.ParseFloat(s, 64)
			if err != nil || yuan < 0 || yuan > 1e9 {
				return nil, &queue.InvalidError{Field: "amount", Reason: "not an amount"}
			}
			cents = int64(math.Round(yuan * 100))
		}
		_, err := h.queue.Reward(r.Context(), by, id, step, cents, v)
		return map[string]any{"step": step, "amount_cents": cents}, err
	})
}
