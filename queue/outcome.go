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
)

// CaseKind is what the receiving unit opened on a tip that was acted on.
type CaseKind string

// The kinds of case an outcome records.
const (
	CaseCriminal       CaseKind = "criminal"
	CaseAdministrative CaseKind = "administrative"
	CaseNone           CaseKind = "none"
)

// CaseKinds lists every kind of case, for forms.
var CaseKinds = []CaseKind{CaseCriminal, CaseAdministrative, CaseNone}

// Seizure is one drug seized, in grams; a drug appears once per outcome.
type Seizure struct {
	Drug  string  `json:"drug"` // a configured drug code (outcomes.drugs)
	Grams float64 `json:"grams"`
}

// Outcome is what came of a tip closed as actioned: the facts the office
// reports and a reward is based on.
type Outcome struct {
	TipID      int64
	CaseKind   CaseKind
	CaseNumber string
	Detained   int
	UsersFound int
	// SolvedOn is the day the case was solved (midnight UTC of that date);
	// nil only when no case was opened.
	SolvedOn   *time.Time
	Seizures   []Seizure
	Operations []int64 // operation ids (专项行动)
	RecordedAt time.Time
	UpdatedAt  time.Time
}

// Grams is the total seized, every drug together.
func (o Outcome) Grams() float64 {
	var g float64
	for _, s := range o.Seizures {
		g += s.Grams
	}
	return g
}

// Tagged says whether the outcome carries the operation.
func (o Outcome) Tagged(id int64) bool { return slices.Contains(o.Operations, id) }

// maxCount bounds people detained and users found: a typing slip, not a case.
const maxCount = 10000

// check refuses what the table would, with the field's name.
func (s *Store) checkOutcome(o *Outcome) error {
	if !slices.Contains(CaseKinds, o.CaseKind) {
		return invalid("case_kind", "unknown kind of case %q", o.CaseKind)
	}
	o.CaseNumber = strings.TrimSpace(o.CaseNumber)
	if utf8.RuneCountInString(o.CaseNumber) > 100 {
		return invalid("case", "longer than 100 characters")
	}
	if o.Detained < 0 || o.Detained > maxCount {
		return invalid("detained", "%d is not 0 to %d", o.Detained, maxCount)
	}
	if o.UsersFound < 0 || o.UsersFound > maxCount {
		return invalid("users_found", "%d is not 0 to %d", o.UsersFound, maxCount)
	}
	if o.SolvedOn == nil && o.CaseKind != CaseNone {
		return invalid("solved_on", "a case needs the day it was solved")
	}
	if o.SolvedOn != nil {
		d := o.SolvedOn.UTC().Truncate(24 * time.Hour)
		o.SolvedOn = &d
		today := s.now().In(s.location())
		if d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
			return invalid("solved_on", "%s is in the future", d.Format(time.DateOnly))
		}
	}
	seen := map[string]bool{}
	for _, z := range o.Seizures {
		if _, ok := s.cfg.Outcomes.Drug(z.Drug); !ok {
			return invalid("drug", "unknown drug %q", z.Drug)
		}
		if seen[z.Drug] {
			return invalid("drug", "%q is listed twice", z.Drug)
		}
		seen[z.Drug] = true
		if !(z.Grams > 0 && z.Grams < 1e9) {
			return invalid("grams", "%v is not a weight in grams", z.Grams)
		}
	}
	slices.Sort(o.Operations)
	o.Operations = slices.Compact(o.Operations)
	return nil
}

// detail is the outcome as written to the timeline and the audit log.
func (o Outcome) detail() map[string]any {
	d := map[string]any{"case_kind": string(o.CaseKind), "case_number": o.CaseNumber,
		"detained": o.Detained, "users_found": o.UsersFound, "seizures": o.Seizures, "operations": o.Operations}
	if o.SolvedOn != nil {
		d["solved_on"] = o.SolvedOn.Format(time.DateOnly)
	}
	return d
}

// Detail is the outcome as the admin audits it.
func (o Outcome) Detail() map[string]any { return o.detail() }

// CloseActioned closes a tip as actioned with its outcome, in one
// transaction: the tip is never closed as acted on without what came of it.
func (s *Store) CloseActioned(ctx context.Context, by Actor, id int64, o Outcome, version int) (Tip, error) {
	if err := s.checkOutcome(&o); err != nil {
		return Tip{}, err
	}
	return s.close(ctx, by, id, Actioned, 0, version, o.detail(), func(tx *sqlx.Tx, l tipLock) error {
		return s.saveOutcome(ctx, tx, id, by, o, l.kind)
	})
}

// actOutcome: a supervisor corrects the outcome of a tip closed as actioned.
var actOutcome = action{name: "outcome_edited", from: []State{StateClosed}, supervisor: true}

// EditOutcome replaces a closed tip's outcome (supervisor), with the reason
// kept on the timeline beside what it was and what it is now. A tip closed
// as actioned before outcomes were recorded gets its first one this way.
func (s *Store) EditOutcome(ctx context.Context, by Actor, id int64, o Outcome, reason string, version int) (Tip, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return Tip{}, invalid("reason", "required")
	case n > 500:
		return Tip{}, invalid("reason", "longer than 500 characters")
	}
	if err := s.checkOutcome(&o); err != nil {
		return Tip{}, err
	}
	var was map[string]any
	return s.act(ctx, by, id, version, actOutcome, func(l tipLock) (string, []any, map[string]any, error) {
		return "", nil, map[string]any{"reason": reason, "was": was, "outcome": o.detail()}, nil
	}, func(tx *sqlx.Tx, l tipLock) error {
		var res sql.NullString
		if err := tx.QueryRowxContext(ctx, `SELECT resolution FROM tips WHERE id = $1`, id).Scan(&res); err != nil {
			return fmt.Errorf("queue: unable to read resolution of tip %d: %w", id, err)
		}
		if res.String != string(Actioned) {
			return fmt.Errorf("queue: tip %d was not closed as actioned: %w", id, ErrIllegalTransition)
		}
		old, err := outcomeOf(ctx, tx, id)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			was = old.detail()
		}
		return s.saveOutcome(ctx, tx, id, by, o, l.kind)
	}, nil)
}

// saveOutcome writes (or replaces) the tip's outcome rows.
func (s *Store) saveOutcome(ctx context.Context, tx *sqlx.Tx, id int64, by Actor, o Outcome, kind Kind) error {
	if kind != KindReport {
		return fmt.Errorf("queue: help questions have no outcome: %w", ErrIllegalTransition)
	}
	if len(o.Operations) > 0 {
		// A tag must name a listed operation; an archived one only if the tip
		// already carries it, so correcting an old outcome keeps its tags.
		var n int
		err := tx.QueryRowxContext(ctx, `
			SELECT count(*) FROM operations p
			 WHERE p.id = ANY($1)
			   AND (p.archived_at IS NULL OR EXISTS (SELECT 1 FROM tip_operations x WHERE x.tip_id = $2 AND x.operation_id = p.id))`,
			pq.Array(o.Operations), id).Scan(&n)
		if err != nil {
			return fmt.Errorf("queue: unable to check operations: %w", err)
		}
		if n != len(o.Operations) {
			return invalid("operation", "not a listed operation")
		}
	}
	var solved *string
	if o.SolvedOn != nil {
		d := o.SolvedOn.Format(time.DateOnly)
		solved = &d
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO tip_outcomes (tip_id, case_kind, case_number, detained, users_found, solved_on,
		                          recorded_by, recorded_at, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $7, $8)
		ON CONFLICT (tip_id) DO UPDATE SET case_kind = $2, case_number = $3, detained = $4, users_found = $5,
		       solved_on = $6::date, updated_by = $7, updated_at = $8`,
		id, string(o.CaseKind), o.CaseNumber, o.Detained, o.UsersFound, solved, by.ID, now); err != nil {
		return fmt.Errorf("queue: unable to record outcome of tip %d: %w", id, err)
	}
	drugs, grams := make([]string, len(o.Seizures)), make([]float64, len(o.Seizures))
	for i, z := range o.Seizures {
		drugs[i], grams[i] = z.Drug, z.Grams
	}
	if _, err := tx.ExecContext(ctx, `
		WITH gone AS (DELETE FROM tip_seizures WHERE tip_id = $1)
		INSERT INTO tip_seizures (tip_id, drug, grams)
		SELECT $1, d, g FROM unnest($2::text[], $3::numeric[]) AS z(d, g)`,
		id, pq.Array(drugs), pq.Array(grams)); err != nil {
		return fmt.Errorf("queue: unable to record seizures of tip %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tip_operations WHERE tip_id = $1 AND NOT operation_id = ANY($2)`,
		id, pq.Array(o.Operations)); err != nil {
		return fmt.Errorf("queue: unable to record operations of tip %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO tip_operations (tip_id, operation_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
		id, pq.Array(o.Operations)); err != nil {
		return fmt.Errorf("queue: unable to record operations of tip %d: %w", id, err)
	}
	return nil
}

// Outcome returns the tip's outcome, or ErrNotFound when none is recorded.
func (s *Store) Outcome(ctx context.Context, id int64) (Outcome, error) {
	return outcomeOf(ctx, s.db, id)
}

func outcomeOf(ctx context.Context, q sqlx.QueryerContext, id int64) (Outcome, error) {
	o := Outcome{TipID: id}
	var seizures []byte
	var ops pq.Int64Array
	var solved sql.NullTime
	err := q.QueryRowxContext(ctx, `
		SELECT o.case_kind, o.case_number, o.detained, o.users_found, o.solved_on, o.recorded_at, o.updated_at,
		       coalesce((SELECT json_agg(json_build_object('drug', z.drug, 'grams', z.grams) ORDER BY z.drug)
		                   FROM tip_seizures z WHERE z.tip_id = o.tip_id), '[]'),
		       coalesce((SELECT array_agg(x.operation_id ORDER BY x.operation_id)
		                   FROM tip_operations x WHERE x.tip_id = o.tip_id), '{}')
		  FROM tip_outcomes o WHERE o.tip_id = $1`, id).
		Scan(&o.CaseKind, &o.CaseNumber, &o.Detained, &o.UsersFound, &solved, &o.RecordedAt, &o.UpdatedAt, &seizures, &ops)
	if errors.Is(err, sql.ErrNoRows) {
		return Outcome{}, fmt.Errorf("queue: outcome of tip %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("queue: unable to read outcome of tip %d: %w", id, err)
	}
	if solved.Valid {
		d := time.Date(solved.Time.Year(), solved.Time.Month(), solved.Time.Day(), 0, 0, 0, 0, time.UTC)
		o.SolvedOn = &d
	}
	if err := json.Unmarshal(seizures, &o.Seizures); err != nil {
		return Outcome{}, fmt.Errorf("queue: unable to read seizures of tip %d: %w", id, err)
	}
	o.Operations = ops
	return o, nil
}
