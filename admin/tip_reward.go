package admin

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// rewardTip takes a reward one step: a proposal with its amount (and a
// reason when outside the suggestion), a leader's approval (and override),
// the notice, the payment or a decline.
func (h *handler) rewardTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "reward", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		c := queue.RewardChange{
			Step:     queue.RewardStep(r.PostFormValue("step")),
			Reason:   r.PostFormValue("reason"),
			Override: r.PostFormValue("override"),
		}
		if s := strings.TrimSpace(r.PostFormValue("amount")); s != "" {
			yuan, err := strconv.ParseFloat(s, 64)
			if err != nil || yuan < 0 || yuan > 1e9 {
				return nil, &queue.InvalidError{Field: "amount", Reason: "not an amount"}
			}
			c.AmountCents = int64(math.Round(yuan * 100))
		}
		_, err := h.queue.ChangeReward(r.Context(), by, id, c, v)
		return map[string]any{"step": c.Step, "amount_cents": c.AmountCents, "reason": c.Reason, "override": c.Override}, err
	})
}

// rewardView is what the tip page shows of a reward and offers for it.
type rewardView struct {
	Info  queue.RewardInfo
	Steps []queue.RewardStep // the steps the officer's role may take
}

// loadReward reads the reward under the rules for officers who may take it
// a step.
func (h *handler) loadReward(ctx context.Context, o *officer.Officer, d *tipData) error {
	for _, st := range []queue.RewardStep{queue.RewardEligible, queue.RewardApproved, queue.RewardNotified, queue.RewardPaid, queue.RewardDeclined} {
		need := officer.ProposeReward
		if st == queue.RewardApproved {
			need = officer.ApproveReward
		}
		if o.Role.Can(need) {
			d.Reward.Steps = append(d.Reward.Steps, st)
		}
	}
	if len(d.Reward.Steps) == 0 {
		return nil
	}
	info, err := h.queue.RewardInfo(ctx, d.Tip.ID)
	d.Reward.Info = info
	return err
}

// Yuan prints cents as yuan.
func (d rewardView) Yuan(cents int64) string {
	return strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(cents%100/10, 10) + strconv.FormatInt(cents%10, 10)
}
