package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// tipSelect reads a tip as officers see it: the reporter ref only to derive
// the tag of the tip's audience (see reporterTag), whether the reporter is
// blocked in that audience, and whether the sealed contact is usable.
var tipSelect = `
SELECT t.id, t.kind, t.channel, t.category, coalesce(t.area_code, ''), t.area_text, t.latitude, t.longitude,
       t.occurred, t.description, t.state, t.resolution, t.duplicate_of, t.priority, t.suggested_priority,
       t.assignee_id, coalesce(nullif(o.display_name, ''), o.username, ''), t.claimed_at,
       coalesce(t.forwarded_unit, ''), coalesce(t.forwarded_case, ''), t.forwarded_at,
       t.triage_due, t.feedback_due, t.contact_mode,
       ` + reachableSQL("t.") + `,
       t.reporter_ref,
       EXISTS (SELECT 1 FROM reporter_blocks b WHERE b.reporter_ref = t.reporter_ref AND b.audience = block_audience(t.kind)),
       t.reward_state, t.reward_amount_cents, t.reward_approved_at, t.reward_notified_at,
       t.reward_claim_due, t.reward_paid_at, t.reward_notify_due,
       t.version, t.created_at, t.updated_at, t.triaged_at, t.closed_at, t.reporter_replied_at, t.locale, t.campaign_id
  FROM tips t LEFT JOIN officers o ON o.id = t.assignee_id`

type rowScanner interface {
	Scan(dest ...any) error
}

func (s *Store) scanTip(r rowScanner, now time.Time) (Tip, error) {
	var t Tip
	var res sql.NullString
	var ref []byte
	err := r.Scan(&t.ID, &t.Kind, &t.Channel, &t.Category, &t.AreaCode, &t.AreaText, &t.Latitude, &t.Longitude,
		&t.Occurred, &t.Description, &t.State, &res, &t.DuplicateOf, &t.Priority, &t.SuggestedPriority,
		&t.AssigneeID, &t.AssigneeName, &t.ClaimedAt,
		&t.ForwardedUnit, &t.ForwardedCase, &t.ForwardedAt,
		&t.TriageDue, &t.FeedbackDue, &t.ContactMode,
		&t.Reachable, &ref, &t.Blocked,
		&t.RewardState, &t.RewardAmountCents, &t.RewardApprovedAt, &t.RewardNotifiedAt,
		&t.RewardClaimDue, &t.RewardPaidAt, &t.RewardNotifyDue,
		&t.Version, &t.CreatedAt, &t.UpdatedAt, &t.TriagedAt, &t.ClosedAt, &t.RepliedAt, &t.Locale, &t.CampaignID)
	if err != nil {
		return Tip{}, err
	}
	t.ReporterShort = s.reporterTag(t.Kind, ref)
	if res.Valid {
		r := Resolution(res.String)
		t.Resolution = &r
	}
	if t.RewardState != string(RewardApproved) {
		t.RewardNotifyDue = nil // the notice is given; its deadline no longer runs
	}
	t.Overdue = overdue(t.State, t.TriageDue, t.FeedbackDue, now)
	return t, nil
}

// getTip reads one tip through q (the pool or a transaction).
func (s *Store) getTip(ctx context.Context, q sqlx.QueryerContext, id int64) (Tip, error) {
	t, err := s.scanTip(q.QueryRowxContext(ctx, tipSelect+` WHERE t.id = $1`, id), s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return Tip{}, fmt.Errorf("queue: tip %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Tip{}, fmt.Errorf("queue: unable to fetch tip %d: %w", id, err)
	}
	return t, nil
}

// Get returns a tip of any kind. Callers acting for an officer use GetAs,
// which hides what the officer's role may not see.
func (s *Store) Get(ctx context.Context, id int64) (Tip, error) {
	return s.getTip(ctx, s.db, id)
}

// GetAs returns a tip if by's role may see its kind, else ErrNotFound: an
// enforcement officer is not even told that a help question exists.
func (s *Store) GetAs(ctx context.Context, by Actor, id int64) (Tip, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Tip{}, err
	}
	if !by.maysee(t.Kind) {
		return Tip{}, fmt.Errorf("queue: tip %d: %w", id, ErrNotFound)
	}
	return t, nil
}

// Visible says, of these tips, which by may see (true) and which are stored
// but of a kind by's role may not see (false); a tip no longer stored is
// absent. Pages that name tips by id (the audit log) follow GetAs's rule with it.
func (s *Store) Visible(ctx context.Context, by Actor, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind = ANY($2) FROM tips WHERE id = ANY($1)`,
		pq.Array(ids), pq.Array(by.kinds()))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to read the kinds of tips: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var visible bool
		if err := rows.Scan(&id, &visible); err != nil {
			return nil, fmt.Errorf("queue: unable to read the kinds of tips: %w", err)
		}
		out[id] = visible
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue: unable to read the kinds of tips: %w", err)
	}
	return out, nil
}
