package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/outbox"
)

// SetPriority sets the final priority; the triage deadline follows it,
// counted from the tip's arrival.
func (s *Store) SetPriority(ctx context.Context, by Actor, id int64, p Priority, version int) (Tip, error) {
	if !p.Valid() {
		return Tip{}, invalid("priority", "%d is not 1 to 4", p)
	}
	secs := s.cfg.Deadlines.TriageDeadline(int(p)).Seconds()
	return s.act(ctx, by, id, version, actPriority, func(l tipLock) (string, []any, map[string]any, error) {
		return `, priority = $4, triage_due = created_at + make_interval(secs => $5)`,
			// The priority it had, so the timeline reads "normal → urgent".
			[]any{int16(p), secs}, map[string]any{"priority": int(p), "from_priority": int(l.priority)}, nil
	}, nil, nil)
}

// ResumeReview takes a tip waiting for the reporter back into review, when the
// officer decides not to wait for an answer.
func (s *Store) ResumeReview(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return s.act(ctx, by, id, version, actResume, nil, nil, nil)
}

// Forward hands a tip over to the unit that acts on it; the unit's feedback
// is due cfg.Deadlines.Feedback later.
func (s *Store) Forward(ctx context.Context, by Actor, id int64, unit, caseNo string, version int) (Tip, error) {
	switch n := utf8.RuneCountInString(unit); {
	case n == 0:
		return Tip{}, invalid("unit", "required")
	case n > 200:
		return Tip{}, invalid("unit", "longer than 200 characters")
	}
	if utf8.RuneCountInString(caseNo) > 100 {
		return Tip{}, invalid("case", "longer than 100 characters")
	}
	secs := s.cfg.Deadlines.Feedback.D().Seconds()
	return s.act(ctx, by, id, version, actForward, func(l tipLock) (string, []any, map[string]any, error) {
		return `, forwarded_unit = $4, forwarded_case = nullif($5, ''), forwarded_at = $3,
			feedback_due = $3::timestamptz + make_interval(secs => $6), triaged_at = coalesce(triaged_at, $3)`,
			[]any{unit, caseNo, secs}, map[string]any{"unit": unit, "case": caseNo}, nil
	}, nil, nil)
}

// Close ends a tip with a resolution; a duplicate names the other tip it
// repeats. The sealed contact is erased: the reporter's consent to be
// messaged ends with the tip. A reporter who could be messaged is told.
func (s *Store) Close(ctx context.Context, by Actor, id int64, res Resolution, duplicateOf int64, version int) (Tip, error) {
	return s.close(ctx, by, id, res, duplicateOf, version, nil, nil)
}

// close is Close with what else the closing records: outcome goes into the
// event's detail and record runs in the transaction, once the tip is locked.
func (s *Store) close(ctx context.Context, by Actor, id int64, res Resolution, duplicateOf int64, version int,
	outcome map[string]any, record func(tx *sqlx.Tx, l tipLock) error) (Tip, error) {
	if !slices.Contains(Resolutions, res) && !slices.Contains(HelpResolutions, res) {
		return Tip{}, invalid("resolution", "unknown resolution %q", res)
	}
	switch {
	case res == Duplicate && duplicateOf == 0:
		return Tip{}, invalid("duplicate_of", "a duplicate needs the tip it repeats")
	case res == Duplicate && duplicateOf == id:
		return Tip{}, invalid("duplicate_of", "a tip cannot duplicate itself")
	case res != Duplicate && duplicateOf != 0:
		return Tip{}, invalid("duplicate_of", "only a duplicate names another tip")
	}
	var dup *int64
	if duplicateOf != 0 {
		dup = &duplicateOf
	}
	var contact tipContact
	return s.act(ctx, by, id, version, actClose, func(l tipLock) (string, []any, map[string]any, error) {
		if !slices.Contains(ResolutionsFor(l.kind), res) {
			return "", nil, nil, invalid("resolution", "a %s tip is not closed as %q", l.kind, res)
		}
		detail := map[string]any{"resolution": string(res), "duplicate_of": dup}
		if outcome != nil {
			detail["outcome"] = outcome
		}
		return `, resolution = $4, duplicate_of = $5, closed_at = $3, triaged_at = coalesce(triaged_at, $3), contact_sealed = NULL`,
			[]any{string(res), dup}, detail, nil
	}, func(tx *sqlx.Tx, l tipLock) error {
		if record != nil {
			if err := record(tx, l); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `DELETE FROM tip_outcomes WHERE tip_id = $1`, id); err != nil {
			// A reopened tip closed again otherwise keeps no outcome of the first close.
			return fmt.Errorf("queue: unable to clear outcome of tip %d: %w", id, err)
		}
		// Before the change: the duplicated tip must exist and be of the same
		// kind, and the contact is read while it still exists.
		if dup != nil {
			var kind Kind
			err := tx.QueryRowxContext(ctx, `SELECT kind FROM tips WHERE id = $1`, *dup).Scan(&kind)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != l.kind) {
				return invalid("duplicate_of", "no tip %d", *dup)
			}
			if err != nil {
				return fmt.Errorf("queue: unable to check duplicate of tip %d: %w", id, err)
			}
		}
		var err error
		contact, err = readContact(ctx, tx, id)
		return err
	}, func(tx *sqlx.Tx, l tipLock, t Tip) error {
		if !contact.reachable {
			return nil
		}
		ref, err := anon.RefFromBytes(contact.ref)
		if err != nil {
			return err
		}
		keys, err := s.sealer()
		if err != nil {
			return err
		}
		to := outbox.Reporter(ref, contact.sealed, keys)
		if err := retireAnswerButtons(ctx, tx, id, to); err != nil {
			return err
		}
		_, err = outbox.Enqueue(ctx, tx, noticeTo(to, ClosingNotice{
			TipID: id, Locale: contact.locale, TipKind: string(l.kind), Resolution: string(res), Submitted: contact.created,
		}, ""))
		return err
	})
}

// Reopen takes a closed tip back into review (supervisor). Its contact stays
// erased: the reporter can still check with the receipt.
func (s *Store) Reopen(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return s.act(ctx, by, id, version, actReopen, func(l tipLock) (string, []any, map[string]any, error) {
		return `, resolution = NULL, duplicate_of = NULL, closed_at = NULL`, nil, nil, nil
	}, nil, nil)
}

// retireAnswerButtons takes the Answer button off every question of a
// closing tip that was sent to the reporter's chat: a button that stays
// invites an answer no one will read (the queue refuses it, see
// fromReporter, but better not offered at all).
func retireAnswerButtons(ctx context.Context, tx *sqlx.Tx, id int64, to outbox.Recipient) error {
	var questions []int64
	if err := tx.SelectContext(ctx, &questions,
		`SELECT id FROM dialogue WHERE tip_id = $1 AND direction = 'to_reporter' ORDER BY id`, id); err != nil {
		return fmt.Errorf("queue: unable to read questions of tip %d: %w", id, err)
	}
	keys := make([]string, len(questions))
	for i, q := range questions {
		keys[i] = questionKey(q)
	}
	sent, err := outbox.Enqueued(ctx, tx, keys)
	if err != nil {
		return err
	}
	for _, m := range sent {
		if _, err := outbox.Enqueue(ctx, tx, noticeTo(to, KeyboardRetired{OutboxID: m}, "")); err != nil {
			return err
		}
	}
	return nil
}
