package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/outbox"
)

// rewardSteps: from which reward states each step may be taken.
//
//	none → eligible → approved → notified → paid
//	          └──────────┴─→ declined
//
// Eligible is a proposal with its amount; proposing again replaces it until
// it is approved.
var rewardSteps = map[RewardStep][]string{
	RewardEligible: {"none", "eligible"},
	RewardApproved: {"eligible"},
	RewardNotified: {"approved"},
	RewardPaid:     {"notified"},
	RewardDeclined: {"eligible", "approved"},
}

// Refusals of the reward rules; both are InvalidError, so a form names them.
var (
	// ErrOwnReward: the proposer of a reward may not approve it.
	ErrOwnReward = &InvalidError{Field: "approver", Reason: "the proposer of a reward cannot approve it"}
	// ErrRewardedChain: another tip of the duplicate chain already has its
	// reward; only a leader's override with a reason lets a second through.
	ErrRewardedChain = &InvalidError{Field: "duplicate_chain", Reason: "another tip of the duplicate chain is rewarded"}
)

// RewardChange is one step of a reward.
type RewardChange struct {
	Step RewardStep
	// AmountCents is the proposed amount (eligible); on approval it may be
	// left 0 or must repeat the proposal.
	AmountCents int64
	// Reason: why a proposed amount lies outside the suggestion.
	Reason string
	// Override: a leader's reason to approve or pay while another tip of the
	// duplicate chain is rewarded.
	Override string
}

// Reward takes a tip's reward one step without reasons (see ChangeReward).
func (s *Store) Reward(ctx context.Context, by Actor, id int64, step RewardStep, amountCents int64, version int) (Tip, error) {
	return s.ChangeReward(ctx, by, id, RewardChange{Step: step, AmountCents: amountCents}, version)
}

// ChangeReward takes a tip's reward one step under the rules:
//   - a supervisor (or leader) proposes an amount; the proposal keeps its
//     basis (category, the outcome's facts and seizure) and the amount the
//     rules suggest, and an amount outside it needs a reason;
//   - a leader who is not the proposer approves; the notice is then due
//     cfg.Rewards.NotifyWorkingDays working days after the case was solved
//     (the outcome's date; the approval's day when none is recorded);
//   - notifying starts the claim deadline (cfg.Rewards.ClaimMonths calendar
//     months) and tells a reporter who can be messaged, while others see it
//     at their next receipt check;
//   - approving or paying is refused while another tip of the duplicate chain
//     is rewarded, unless a leader overrides with a reason.
func (s *Store) ChangeReward(ctx context.Context, by Actor, id int64, c RewardChange, version int) (Tip, error) {
	from, ok := rewardSteps[c.Step]
	if !ok {
		return Tip{}, invalid("step", "unknown reward step %q", c.Step)
	}
	need := officer.ProposeReward
	if c.Step == RewardApproved || c.Override != "" {
		need = officer.ApproveReward
	}
	if !by.Role.Can(need) {
		return Tip{}, fmt.Errorf("queue: %s may not take a reward to %s: %w", by.Role, c.Step, ErrForbidden)
	}
	c.Reason, c.Override = strings.TrimSpace(c.Reason), strings.TrimSpace(c.Override)
	if utf8.RuneCountInString(c.Reason) > 500 {
		return Tip{}, invalid("reason", "longer than 500 characters")
	}
	if utf8.RuneCountInString(c.Override) > 500 {
		return Tip{}, invalid("override", "longer than 500 characters")
	}
	if c.AmountCents < 0 || (c.Step == RewardEligible && c.AmountCents == 0) {
		return Tip{}, invalid("amount", "a proposed reward needs a positive amount")
	}
	a := actReward
	a.name = "reward_" + string(c.Step)
	var cur rewardRow
	var claimDue time.Time
	return s.act(ctx, by, id, version, a, func(l tipLock) (string, []any, map[string]any, error) {
		now := s.now()
		detail := map[string]any{"step": string(c.Step)}
		switch c.Step {
		case RewardEligible:
			basis, g, ok := cur.basis()
			detail["amount_cents"], detail["basis"] = c.AmountCents, basis
			if ok {
				detail["suggested_min_cents"], detail["suggested_max_cents"], detail["suggested_open"] = g.MinCents, g.MaxCents, g.Open
			}
			if c.Reason != "" {
				detail["reason"] = c.Reason
			}
			var lo, hi *int64
			if ok {
				lo, hi = &g.MinCents, &g.MaxCents
				if g.Open {
					hi = nil
				}
			}
			b, err := json.Marshal(basis)
			if err != nil {
				return "", nil, nil, err
			}
			return `, reward_state = 'eligible', reward_amount_cents = $4, reward_basis = $5, reward_suggested_min_cents = $6,
				reward_suggested_max_cents = $7, reward_reason = nullif($8, ''), reward_proposed_by = $9, reward_proposed_at = $3,
				reward_approved_by = NULL, reward_override = NULL`,
				[]any{c.AmountCents, string(b), lo, hi, c.Reason, by.ID}, detail, nil
		case RewardApproved:
			solved := now
			if cur.solvedOn.Valid {
				solved = cur.solvedOn.Time
			} else {
				solved = solved.In(s.location())
			}
			due := s.notifyDue(solved)
			detail["amount_cents"], detail["notify_due"] = cur.amount.Int64, due
			if c.Override != "" {
				detail["override"] = c.Override
			}
			return `, reward_state = 'approved', reward_approved_at = $3, reward_approved_by = $4,
				reward_override = coalesce(nullif($5, ''), reward_override), reward_notify_due = $6`,
				[]any{by.ID, c.Override, due}, detail, nil
		case RewardNotified:
			claimDue = s.ClaimDue(now)
			detail["claim_due"] = claimDue
			return `, reward_state = 'notified', reward_notified_at = $3, reward_claim_due = $4`, []any{claimDue}, detail, nil
		case RewardPaid:
			if c.Override != "" {
				detail["override"] = c.Override
			}
			return `, reward_state = 'paid', reward_paid_at = $3, reward_override = coalesce(nullif($4, ''), reward_override)`,
				[]any{c.Override}, detail, nil
		}
		return `, reward_state = $4`, []any{string(c.Step)}, detail, nil
	}, func(tx *sqlx.Tx, l tipLock) error {
		if l.kind != KindReport {
			return fmt.Errorf("queue: help questions have no reward: %w", ErrIllegalTransition)
		}
		var err error
		if cur, err = s.readReward(ctx, tx, id); err != nil {
			return err
		}
		if !slices.Contains(from, cur.state) {
			return fmt.Errorf("queue: reward of tip %d is %s, cannot go to %s: %w", id, cur.state, c.Step, ErrIllegalTransition)
		}
		switch c.Step {
		case RewardEligible:
			_, g, ok := cur.basis()
			if (!ok || !g.Fits(c.AmountCents)) && c.Reason == "" {
				return invalid("reason", "an amount outside the suggestion needs a reason")
			}
		case RewardApproved:
			if !cur.amount.Valid {
				return invalid("amount", "the reward was proposed without an amount; propose it again")
			}
			if c.AmountCents != 0 && c.AmountCents != cur.amount.Int64 {
				return invalid("amount", "approve the proposed amount, or propose again")
			}
			if cur.proposedBy.Valid && cur.proposedBy.Int64 == by.ID {
				return fmt.Errorf("queue: tip %d: %w", id, ErrOwnReward)
			}
			return s.checkChain(ctx, tx, id, c.Override != "")
		case RewardPaid:
			return s.checkChain(ctx, tx, id, c.Override != "" || cur.override.Valid)
		}
		return nil
	}, func(tx *sqlx.Tx, l tipLock, t Tip) error {
		if c.Step != RewardNotified || !t.Reachable {
			return nil
		}
		var refb, sealed []byte
		var locale string
		var created time.Time
		if err := tx.QueryRowxContext(ctx, `SELECT reporter_ref, contact_sealed, `+chatLocaleSQL+`, created_at FROM tips WHERE id = $1`, id).
			Scan(&refb, &sealed, &locale, &created); err != nil {
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
		_, err = outbox.Enqueue(ctx, tx, noticeTo(outbox.Reporter(ref, sealed, keys), RewardNotice{
			TipID: id, AmountCents: *t.RewardAmountCents, ClaimDue: &claimDue, Locale: locale, Submitted: created,
		}, fmt.Sprintf("reward_notice:%d", id)))
		return err
	})
}

// rewardRow is what a reward step reads of the tip before changing it.
type rewardRow struct {
	state      string
	amount     sql.NullInt64
	proposedBy sql.NullInt64
	override   sql.NullString
	category   string
	outcome    *Outcome
	solvedOn   sql.NullTime
	rules      config.Rewards
}

func (s *Store) readReward(ctx context.Context, tx *sqlx.Tx, id int64) (rewardRow, error) {
	r := rewardRow{rules: s.cfg.Rewards}
	err := tx.QueryRowxContext(ctx, `
		SELECT reward_state, reward_amount_cents, reward_proposed_by, reward_override, category FROM tips WHERE id = $1`, id).
		Scan(&r.state, &r.amount, &r.proposedBy, &r.override, &r.category)
	if err != nil {
		return r, fmt.Errorf("queue: unable to read reward of tip %d: %w", id, err)
	}
	o, err := outcomeOf(ctx, tx, id)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return r, err
	default:
		r.outcome = &o
		if o.SolvedOn != nil {
			r.solvedOn = sql.NullTime{Time: *o.SolvedOn, Valid: true}
		}
	}
	return r, nil
}

// basis is what a proposal rests on, and the amount the rules suggest for it.
func (r rewardRow) basis() (map[string]any, Suggestion, bool) {
	b := map[string]any{"category": r.category}
	if r.outcome != nil {
		b["outcome"] = r.outcome.detail()
		b["grams"] = r.outcome.Grams()
	}
	g, ok := suggest(r.rules, r.category, r.outcome)
	return b, g, ok
}

// checkChain refuses a reward while another tip of the tip's duplicate chain
// (tips joined by duplicate_of, either way) has one approved, notified or
// paid, unless overridden.
func (s *Store) checkChain(ctx context.Context, tx *sqlx.Tx, id int64, overridden bool) error {
	others, err := rewardedInChain(ctx, tx, id)
	if err != nil || len(others) == 0 || overridden {
		return err
	}
	return fmt.Errorf("queue: tip %d, rewarded in its chain %v: %w", id, others, ErrRewardedChain)
}

// chainLimit bounds the walk of a duplicate chain: a chain longer than this
// is an officer's slip, and its first tips are enough to refuse a payment.
const chainLimit = 200

// rewardedInChain lists the other tips of id's duplicate chain whose reward
// is approved, notified or paid. The chain is walked in rounds from id, each
// round one statement over the primary key and tips_duplicate_of.
func rewardedInChain(ctx context.Context, q sqlx.QueryerContext, id int64) ([]int64, error) {
	seen := map[int64]bool{id: true}
	frontier := []int64{id}
	var rewarded []int64
	for len(frontier) > 0 && len(seen) < chainLimit {
		rows, err := q.QueryxContext(ctx, `
			SELECT t.duplicate_of FROM tips t WHERE t.id = ANY($1) AND t.duplicate_of IS NOT NULL
			UNION ALL
			SELECT d.id FROM tips d WHERE d.duplicate_of = ANY($1)`, pq.Array(frontier))
		if err != nil {
			return nil, fmt.Errorf("queue: unable to walk the duplicate chain of tip %d: %w", id, err)
		}
		frontier = frontier[:0]
		for rows.Next() {
			var next int64
			if err := rows.Scan(&next); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[next] {
				seen[next] = true
				frontier = append(frontier, next)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	delete(seen, id)
	ids := make([]int64, 0, len(seen))
	for x := range seen {
		ids = append(ids, x)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	err := sqlx.SelectContext(ctx, q, &rewarded, `
		SELECT id FROM tips WHERE id = ANY($1) AND reward_state IN ('approved', 'notified', 'paid') ORDER BY id`, pq.Array(ids))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read rewards of the duplicate chain of tip %d: %w", id, err)
	}
	return rewarded, nil
}
