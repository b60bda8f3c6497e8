package queue

import (
	"context"
	"fmt"
	"time"
)

// CountByState counts tips of a kind per state, for the queue page's tabs.
func (s *Store) CountByState(ctx context.Context, kind Kind) (map[State]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*) FROM tips WHERE kind = $1 GROUP BY state`, string(kind))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count tips: %w", err)
	}
	defer rows.Close()
	out := make(map[State]int, len(States))
	for _, st := range States {
		out[st] = 0
	}
	for rows.Next() {
		var st State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("queue: unable to count tips: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// counts runs a "key, n" query.
func (s *Store) counts(ctx context.Context, q string, args ...any) ([]Count, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to compute stats: %w", err)
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, fmt.Errorf("queue: unable to compute stats: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Stats summarises reports for the dashboard and digests: what arrived in
// [from, to) by category, area and day (days in cfg.Location), and the
// queue as it stands now (backlog, overdue, rewards waiting). Medians are of
// tips triaged and closed in the window. Area "" counts tips whose place was
// given as free text.
func (s *Store) Stats(ctx context.Context, from, to time.Time) (Stats, error) {
	var st Stats
	var err error
	const window = `FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $2`
	if err = s.db.QueryRowContext(ctx, `SELECT count(*) `+window, from, to).Scan(&st.New); err != nil {
		return Stats{}, fmt.Errorf("queue: unable to compute stats: %w", err)
	}
	if st.ByCategory, err = s.counts(ctx, `SELECT category, count(*) `+window+` GROUP BY 1 ORDER BY 2 DESC, 1`, from, to); err != nil {
		return Stats{}, err
	}
	if st.ByArea, err = s.counts(ctx, `SELECT coalesce(area_code, ''), count(*) `+window+` GROUP BY 1 ORDER BY 2 DESC, 1`, from, to); err != nil {
		return Stats{}, err
	}
	tz := s.location().String()
	if tz == "Local" {
		tz = "UTC"
	}
	if st.ByDay, err = s.counts(ctx, `SELECT to_char(created_at AT TIME ZONE $3, 'YYYY-MM-DD'), count(*) `+window+` GROUP BY 1 ORDER BY 1`, from, to, tz); err != nil {
		return Stats{}, err
	}
	if st.Backlog, err = s.CountByState(ctx, KindReport); err != nil {
		return Stats{}, err
	}
	delete(st.Backlog, StateClosed)
	var triage, closing float64
	err = s.db.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM tips
		         WHERE kind = 'report' AND ((state IN ('new', 'in_review', 'needs_info') AND triage_due < $3)
		            OR (state = 'forwarded' AND feedback_due < $3))),
		       coalesce((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM triaged_at - created_at))
		                   FROM tips WHERE kind = 'report' AND triaged_at >= $1 AND triaged_at < $2), 0),
		       coalesce((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at))
		                   FROM tips WHERE kind = 'report' AND state = 'closed' AND closed_at >= $1 AND closed_at < $2), 0),
		       (SELECT count(*) FROM tips WHERE kind = 'report' AND reward_state IN ('eligible', 'approved', 'notified'))`,
		from, to, s.now()).Scan(&st.Overdue, &triage, &closing, &st.RewardsWaiting)
	if err != nil {
		return Stats{}, fmt.Errorf("queue: unable to compute stats: %w", err)
	}
	st.MedianTriage = time.Duration(triage * float64(time.Second)).Round(time.Second)
	st.MedianClose = time.Duration(closing * float64(time.Second)).Round(time.Second)
	return st, nil
}

// tips runs a query of tipSelect rows.
func (s *Store) tips(ctx context.Context, q string, args ...any) ([]Tip, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to fetch tips: %w", err)
	}
	defer rows.Close()
	now := s.now()
	out := []Tip{}
	for rows.Next() {
		t, err := s.scanTip(rows, now)
		if err != nil {
			return nil, fmt.Errorf("queue: unable to fetch tips: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UrgentTips are reports of priority urgent or high created in [from, to),
// most urgent first, for the digest.
func (s *Store) UrgentTips(ctx context.Context, from, to time.Time, limit int) ([]Tip, error) {
	return s.tips(ctx, tipSelect+`
		WHERE t.kind = 'report' AND t.priority <= 2 AND t.created_at >= $1 AND t.created_at < $2
		ORDER BY t.priority, t.created_at, t.id LIMIT $3`, from, to, limit)
}

// OverdueTips are reports past their triage deadline, or forwarded and past
// the feedback deadline, most overdue first (by the deadline that is late).
func (s *Store) OverdueTips(ctx context.Context, now time.Time, limit int) ([]Tip, error) {
	return s.tips(ctx, `SELECT * FROM (
		(`+tipSelect+`
		  WHERE t.kind = 'report' AND t.state IN ('new', 'in_review', 'needs_info') AND t.triage_due < $1
		  ORDER BY t.triage_due LIMIT $2)
		UNION ALL
		(`+tipSelect+`
		  WHERE t.kind = 'report' AND t.state = 'forwarded' AND t.feedback_due < $1
		  ORDER BY t.feedback_due LIMIT $2)) o
		ORDER BY CASE WHEN o.state = 'forwarded' THEN o.feedback_due ELSE o.triage_due END, o.id
		LIMIT $2`, now, limit)
}
