package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/officer"
)

// transitions is the triage state machine: the states a tip may move to from
// each state. Actions that keep the state (claim, assign, priority, rewards)
// are not moves and are not listed.
var transitions = map[State][]State{
	StateNew:       {StateInReview},
	StateInReview:  {StateNeedsInfo, StateForwarded, StateClosed},
	StateNeedsInfo: {StateInReview},
	StateForwarded: {StateClosed},
	StateClosed:    {StateInReview}, // a supervisor's reopen
}

// Legal reports whether the state machine allows from → to.
func Legal(from, to State) bool {
	return slices.Contains(transitions[from], to)
}

// action is one thing an officer (or the reporter) does to a tip: the states it
// applies in and the state it leaves the tip in ("" keeps the state).
type action struct {
	name string
	from []State
	to   State
	// supervisor: only a supervisor may do it (ErrForbidden otherwise).
	supervisor bool
	// holder: an officer must hold the tip (or it must be unheld); a
	// supervisor may act on any tip.
	holder bool
}

var open = []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded}

// The actions of the queue, checked against transitions by the tests.
var (
	actClaim    = action{name: "claimed", from: open}
	actRelease  = action{name: "released", from: []State{StateInReview, StateNeedsInfo, StateForwarded}, holder: true}
	actAssign   = action{name: "assigned", from: open, supervisor: true}
	actPriority = action{name: "priority", from: open, holder: true}
	actAsk      = action{name: "asked", from: []State{StateInReview}, to: StateNeedsInfo, holder: true}
	actResume   = action{name: "resumed", from: []State{StateNeedsInfo}, to: StateInReview, holder: true}
	actAnswer   = action{name: "answered", from: []State{StateNeedsInfo}, to: StateInReview}
	actForward  = action{name: "forwarded", from: []State{StateInReview}, to: StateForwarded, holder: true}
	actClose    = action{name: "closed", from: []State{StateInReview, StateForwarded}, to: StateClosed, holder: true}
	actReopen   = action{name: "reopened", from: []State{StateClosed}, to: StateInReview, supervisor: true}
	actInfo     = action{name: "information_added", from: append(slices.Clone(open), StateClosed)}
	actReward   = action{name: "reward", from: append(slices.Clone(open), StateClosed), supervisor: true}
	actBlock    = action{name: "blocked", from: append(slices.Clone(open), StateClosed), supervisor: true}
	actUnblock  = action{name: "unblocked", from: append(slices.Clone(open), StateClosed), supervisor: true}
)

// maysee: counsellors see only help questions; enforcement roles never do.
func (a Actor) maysee(k Kind) bool {
	switch k {
	case KindHelp:
		return a.Role.Can(officer.SeeHelp)
	case KindReport:
		return a.Role.Can(officer.SeeReports)
	}
	return false
}

// kinds is what an actor may see, for SQL filters.
func (a Actor) kinds() []string {
	out := []string{}
	for _, k := range []Kind{KindReport, KindHelp} {
		if a.maysee(k) {
			out = append(out, string(k))
		}
	}
	return out
}

// supervises: the supervisor-only actions, on reports for the roles that
// supervise, on help questions for counsellors.
func (a Actor) supervises(k Kind) bool {
	if k == KindHelp {
		return a.Role.Can(officer.Counsel)
	}
	return a.Role.Can(officer.Supervise)
}

// tipLock is what a change needs to know about a tip before changing it.
type tipLock struct {
	kind     Kind
	state    State
	version  int
	assignee sql.NullInt64
	priority Priority
}

// lockTip reads and locks a tip for a change, with the diagnosis of why the
// action is refused: not found (or hidden from this role), forbidden, stale,
// illegal in this state, or held by another officer.
func lockTip(ctx context.Context, tx sqlx.ExtContext, by *Actor, id int64, version int, act action) (tipLock, error) {
	var l tipLock
	err := tx.QueryRowxContext(ctx,
		`SELECT kind, state, version, assignee_id, priority FROM tips WHERE id = $1 FOR UPDATE`, id).
		Scan(&l.kind, &l.state, &l.version, &l.assignee, &l.priority)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("queue: tip %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("queue: unable to lock tip %d: %w", id, err)
	}
	if by != nil {
		if !by.maysee(l.kind) {
			return l, fmt.Errorf("queue: tip %d: %w", id, ErrNotFound)
		}
		if act.supervisor && !by.supervises(l.kind) {
			return l, fmt.Errorf("queue: %s %s tip %d: %w", by.Role, act.name, id, ErrForbidden)
		}
	}
	if version != 0 && version != l.version {
		return l, fmt.Errorf("queue: tip %d is at version %d, the page showed %d: %w", id, l.version, version, ErrConflict)
	}
	if !slices.Contains(act.from, l.state) {
		return l, fmt.Errorf("queue: cannot %s tip %d in state %s: %w", strings.TrimSuffix(act.name, "ed"), id, l.state, ErrIllegalTransition)
	}
	if by != nil && act.holder && !by.supervises(l.kind) && l.assignee.Valid && l.assignee.Int64 != by.ID {
		return l, fmt.Errorf("queue: tip %d: %w", id, ErrClaimed)
	}
	return l, nil
}

// change applies one action to a locked tip: a conditional UPDATE that moves
// the state (when act.to is set), bumps the version and sets the extra
// columns in set (SQL with parameters from $4 on, bound to args), then the
// event. It returns ErrConflict if the row changed after lockTip, which the
// lock makes impossible short of a bug, but the condition is the guarantee.
func (s *Store) change(ctx context.Context, tx sqlx.ExtContext, by *Actor, id int64, l tipLock, act action,
	set string, args []any, detail map[string]any) error {
	to := l.state
	if act.to != "" {
		to = act.to
	}
	q := `UPDATE tips SET state = $2, version = version + 1, updated_at = $3::timestamptz` + set +
		` WHERE id = $1 AND state = '` + string(l.state) + `' AND version = ` + fmt.Sprint(l.version)
	res, err := tx.ExecContext(ctx, q, append([]any{id, string(to), s.now()}, args...)...)
	if err != nil {
		return fmt.Errorf("queue: unable to %s tip %d: %w", act.name, id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("queue: tip %d: %w", id, ErrConflict)
	}
	return s.event(ctx, tx, by, id, act.name, l.state, to, detail)
}

// event writes one timeline row.
func (s *Store) event(ctx context.Context, tx sqlx.ExecerContext, by *Actor, id int64, name string, from, to State, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("queue: unable to encode event: %w", err)
	}
	var officer *int64
	if by != nil {
		officer = &by.ID
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO tip_events (tip_id, officer_id, action, from_state, to_state, detail, created_at)
		 VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''), $6, $7)`,
		id, officer, name, string(from), string(to), string(d), s.now())
	if err != nil {
		return fmt.Errorf("queue: unable to record %s of tip %d: %w", name, id, err)
	}
	return nil
}

// act runs lock, change and re-read in one transaction: before runs after the
// lock (checks, reads of what the change erases), after once the change is made.
func (s *Store) act(ctx context.Context, by Actor, id int64, version int, a action,
	set func(l tipLock) (string, []any, map[string]any, error),
	before func(tx *sqlx.Tx, l tipLock) error, after func(tx *sqlx.Tx, l tipLock, t Tip) error) (Tip, error) {
	var t Tip
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, id, version, a)
		if err != nil {
			return err
		}
		if before != nil {
			if err := before(tx, l); err != nil {
				return err
			}
		}
		var sql string
		var args []any
		var detail map[string]any
		if set != nil {
			if sql, args, detail, err = set(l); err != nil {
				return err
			}
		}
		if err := s.change(ctx, tx, &by, id, l, a, sql, args, detail); err != nil {
			return err
		}
		if t, err = s.getTip(ctx, tx, id); err != nil {
			return err
		}
		if after != nil {
			return after(tx, l, t)
		}
		return nil
	})
	return t, err
}
