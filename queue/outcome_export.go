package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/lib/pq"
)

// OutcomeRecord is one report as the structured export carries it to the
// police case system: what was done with it and what came of it. It holds
// nothing of the reporter — no reference, tag, receipt, contact, language —
// nor what the reporter wrote or sent (description, position, files,
// dialogue), so that leaving Tipline it cannot lead back to a person.
type OutcomeRecord struct {
	TipID             int64      `json:"tip_id"`
	CreatedAt         time.Time  `json:"created_at"`
	Channel           string     `json:"channel"`
	Category          string     `json:"category"`
	AreaCode          string     `json:"area_code"`
	Occurred          string     `json:"occurred"`
	Priority          int        `json:"priority"`
	State             string     `json:"state"`
	Resolution        string     `json:"resolution"`
	DuplicateOf       *int64     `json:"duplicate_of"`
	ForwardedUnit     string     `json:"forwarded_unit"`
	ForwardedCase     string     `json:"forwarded_case"`
	ForwardedAt       *time.Time `json:"forwarded_at"`
	ClosedAt          *time.Time `json:"closed_at"`
	CaseKind          string     `json:"case_kind"`
	CaseNumber        string     `json:"case_number"`
	Detained          *int       `json:"detained"`
	UsersFound        *int       `json:"users_found"`
	SolvedOn          string     `json:"solved_on"`
	Seizures          []Seizure  `json:"seizures"`
	TotalGrams        float64    `json:"total_grams"`
	Operations        []string   `json:"operations"`
	RewardState       string     `json:"reward_state"`
	RewardAmountCents *int64     `json:"reward_amount_cents"`
	RewardPaidAt      *time.Time `json:"reward_paid_at"`
}

// EachOutcome calls fn with every report that arrived in [from, to), oldest
// first, with its outcome when one is recorded. One statement whose rows are
// read as they arrive: a year of reports is exported without holding it.
// An error from fn stops the walk and is returned as is.
func (s *Store) EachOutcome(ctx context.Context, from, to time.Time, fn func(OutcomeRecord) error) error {
	rows, err := s.db.QueryContext(ctx, `
		SELECT t.id, t.created_at, t.channel, t.category, coalesce(t.area_code, ''), t.occurred, t.priority, t.state,
		       coalesce(t.resolution, ''), t.duplicate_of, coalesce(t.forwarded_unit, ''), coalesce(t.forwarded_case, ''),
		       t.forwarded_at, t.closed_at,
		       coalesce(o.case_kind, ''), coalesce(o.case_number, ''), o.detained, o.users_found,
		       coalesce(to_char(o.solved_on, 'YYYY-MM-DD'), ''),
		       CASE WHEN o.tip_id IS NULL THEN '[]' ELSE coalesce((
		            SELECT json_agg(json_build_object('drug', z.drug, 'grams', z.grams) ORDER BY z.drug)
		              FROM tip_seizures z WHERE z.tip_id = t.id), '[]') END,
		       CASE WHEN o.tip_id IS NULL THEN '{}' ELSE coalesce((
		            SELECT array_agg(p.name_zh ORDER BY p.id)
		              FROM tip_operations x JOIN operations p ON p.id = x.operation_id WHERE x.tip_id = t.id), '{}') END,
		       t.reward_state, t.reward_amount_cents, t.reward_paid_at
		  FROM tips t LEFT JOIN tip_outcomes o ON o.tip_id = t.id
		 WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2
		 ORDER BY t.created_at, t.id`, from, to)
	if err != nil {
		return fmt.Errorf("queue: unable to export the period's outcomes: %w", err)
	}
	defer rows.Close()
	var seizures []byte
	var ops pq.StringArray
	for rows.Next() {
		var r OutcomeRecord
		if err := rows.Scan(&r.TipID, &r.CreatedAt, &r.Channel, &r.Category, &r.AreaCode, &r.Occurred, &r.Priority, &r.State,
			&r.Resolution, &r.DuplicateOf, &r.ForwardedUnit, &r.ForwardedCase, &r.ForwardedAt, &r.ClosedAt,
			&r.CaseKind, &r.CaseNumber, &r.Detained, &r.UsersFound, &r.SolvedOn, &seizures, &ops,
			&r.RewardState, &r.RewardAmountCents, &r.RewardPaidAt); err != nil {
			return fmt.Errorf("queue: unable to export the period's outcomes: %w", err)
		}
		r.Seizures = []Seizure{}
		if err := json.Unmarshal(seizures, &r.Seizures); err != nil {
			return fmt.Errorf("queue: unable to read seizures of tip %d: %w", r.TipID, err)
		}
		for _, z := range r.Seizures {
			r.TotalGrams += z.Grams
		}
		r.TotalGrams = math.Round(r.TotalGrams*1000) / 1000 // grams are kept to the milligram
		r.Operations = append([]string{}, ops...)
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("queue: unable to export the period's outcomes: %w", err)
	}
	return nil
}
