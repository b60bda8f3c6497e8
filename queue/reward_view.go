package queue

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// RewardInfo is what the tip page shows of a reward under the rules: what
// the rules suggest now, the proposal with its people and reasons, and the
// other tips the approver must know of.
type RewardInfo struct {
	// Suggested is what the rules suggest for the tip as it stands (Known
	// false when no rule applies).
	Suggested Suggestion
	Known     bool
	// The proposal, once made.
	ProposedBy   string
	ProposedAt   *time.Time
	Reason       string
	ApprovedBy   string
	Override     string
	ProposedMin  *int64
	ProposedMax  *int64
	ProposedOpen bool
	// RewardedChain: other tips of the duplicate chain whose reward is
	// approved, notified or paid (approval is refused without an override).
	RewardedChain []int64
	// RewardedCorroborating: while a proposal waits for approval, tips
	// sharing a phone number or a licence plate whose reward is approved,
	// notified or paid (the approver is warned, not refused).
	RewardedCorroborating []int64
}

// RewardInfo reads a report's reward as the rules see it.
func (s *Store) RewardInfo(ctx context.Context, id int64) (RewardInfo, error) {
	var info RewardInfo
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := s.readReward(ctx, tx, id)
		if err != nil {
			return err
		}
		_, info.Suggested, info.Known = cur.basis()
		var proposer, approver, reason, override sql.NullString
		err = tx.QueryRowxContext(ctx, `
			SELECT coalesce(nullif(p.display_name, ''), p.username), coalesce(nullif(a.display_name, ''), a.username),
			       t.reward_proposed_at, t.reward_reason, t.reward_override, t.reward_suggested_min_cents, t.reward_suggested_max_cents
			  FROM tips t LEFT JOIN officers p ON p.id = t.reward_proposed_by LEFT JOIN officers a ON a.id = t.reward_approved_by
			 WHERE t.id = $1`, id).
			Scan(&proposer, &approver, &info.ProposedAt, &reason, &override, &info.ProposedMin, &info.ProposedMax)
		if err != nil {
			return fmt.Errorf("queue: unable to read the reward proposal of tip %d: %w", id, err)
		}
		info.ProposedBy, info.ApprovedBy, info.Reason, info.Override = proposer.String, approver.String, reason.String, override.String
		info.ProposedOpen = info.ProposedMin != nil && info.ProposedMax == nil
		if info.RewardedChain, err = rewardedInChain(ctx, tx, id); err != nil {
			return err
		}
		if cur.state != string(RewardEligible) {
			return nil // the warning is the approver's; a hot phone number is not read on every view
		}
		return sqlx.SelectContext(ctx, tx, &info.RewardedCorroborating, `
			SELECT DISTINCT t.id
			  FROM tip_entities mine
			  JOIN entities e ON e.id = mine.entity_id AND e.kind IN ('phone', 'plate')
			  JOIN tip_entities other ON other.entity_id = mine.entity_id AND other.tip_id <> mine.tip_id
			  JOIN tips t ON t.id = other.tip_id AND t.kind = 'report' AND t.reward_state IN ('approved', 'notified', 'paid')
			 WHERE mine.tip_id = $1
			 ORDER BY t.id LIMIT 50`, id)
	})
	if err != nil {
		return RewardInfo{}, fmt.Errorf("queue: unable to read reward of tip %d: %w", id, err)
	}
	return info, nil
}
