package queue

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/outbox"
)

// rewardSteps: from which reward states each step may be taken.
//
//	none → eligible → approved → notified → paid
//	          └──────────┴─→ declined
var rewardSteps = map[RewardStep][]string{
	RewardEligible: {"none"},
	RewardApproved: {"eligible"},
	RewardNotified: {"approved"},
	RewardPaid:     {"notified"},
	RewardDeclined: {"eligible", "approved"},
}

// Reward takes a tip's reward one step (supervisor). Approving needs the
// amount; notifying starts the claim deadline (cfg.Rewards.ClaimWithin) and
// tells a reporter who can be messaged, while others see it at their next
// receipt check. The notify deadline is approval + cfg.Rewards.NotifyWithin
// (Tip.RewardNotifyDue).
func (s *Store) Reward(ctx context.Context, by Actor, id int64, step RewardStep, amountCents int64, version int) (Tip, error) {
	from, ok := rewardSteps[step]
	if !ok {
		return Tip{}, invalid("step", "unknown reward step %q", step)
	}
	if step == RewardApproved && amountCents <= 0 {
		return Tip{}, invalid("amount", "an approved reward needs a positive amount")
	}
	a := actReward
	a.name = "reward_" + string(step)
	var claimDue time.Time
	return s.act(ctx, by, id, version, a, func(l tipLock) (string, []any, map[string]any, error) {
		now := s.now()
		detail := map[string]any{"step": string(step)}
		switch step {
		case RewardApproved:
			detail["amount_cents"] = amountCents
			return `, reward_state = 'approved', reward_amount_cents = $4, reward_approved_at = $3`, []any{amountCents}, detail, nil
		case RewardNotified:
			claimDue = now.Add(s.cfg.Rewards.ClaimWithin.D())
			detail["claim_due"] = claimDue
			return `, reward_state = 'notified', reward_notified_at = $3, reward_claim_due = $4`, []any{claimDue}, detail, nil
		case RewardPaid:
			return `, reward_state = 'paid', reward_paid_at = $3`, nil, detail, nil
		}
		return `, reward_state = $4`, []any{string(step)}, detail, nil
	}, func(tx *sqlx.Tx, l tipLock) error {
		if l.kind != KindReport {
			return fmt.Errorf("queue: help questions have no reward: %w", ErrIllegalTransition)
		}
		var cur string
		if err := tx.QueryRowxContext(ctx, `SELECT reward_state FROM tips WHERE id = $1`, id).Scan(&cur); err != nil {
			return fmt.Errorf("queue: unable to read reward of tip %d: %w", id, err)
		}
		if !slices.Contains(from, cur) {
			return fmt.Errorf("queue: reward of tip %d is %s, cannot go to %s: %w", id, cur, step, ErrIllegalTransition)
		}
		return nil
	}, func(tx *sqlx.Tx, l tipLock, t Tip) error {
		if step != RewardNotified || !t.Reachable {
			return nil
		}
		var refb, sealed []byte
		var locale string
		if err := tx.QueryRowxContext(ctx, `SELECT reporter_ref, contact_sealed, locale FROM tips WHERE id = $1`, id).
			Scan(&refb, &sealed, &locale); err != nil {
			return fmt.Errorf("queue: unable to read contact of tip %d: %w", id, err)
		}
		ref, err := anon.RefFromBytes(refb)
		if err != nil {
			return err
		}
		keys, err := s.sealer()
		if err != nil {
			return err
		}
		_, err = outbox.Enqueue(ctx, tx, outbox.Message{
			Lane: outbox.Notice,
			To:   outbox.Reporter(ref, sealed, keys),
			Kind: "reward_notice",
			Payload: map[string]any{"tip_id": id, "amount_cents": *t.RewardAmountCents,
				"claim_due": claimDue, "locale": locale},
			DedupeKey: fmt.Sprintf("reward_notice:%d", id),
		})
		return err
	})
}
