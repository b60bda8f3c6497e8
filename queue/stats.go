package queue

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// CountByState counts tips of a kind per state, for the queue page's tabs.
// It sums the per-statement changes that migration 019's triggers append to
// tip_state_counts (a few rows, whatever the size of tips), so every count is
// exact and costs well under a millisecond; when more than
// stateCountsFoldAt rows have piled up it folds them into one per state.
func (s *Store) CountByState(ctx context.Context, kind Kind) (map[State]int, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT state, sum(n), count(*) FROM tip_state_counts WHERE kind = $1 GROUP BY state`, string(kind))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count tips: %w", err)
	}
	defer rows.Close()
	out := make(map[State]int, len(States))
	for _, st := range States {
		out[st] = 0
	}
	pile := 0
	for rows.Next() {
		var st State
		var n, parts int
		if err := rows.Scan(&st, &n, &parts); err != nil {
			return nil, fmt.Errorf("queue: unable to count tips: %w", err)
		}
		out[st] = n
		pile += parts
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue: unable to count tips: %w", err)
	}
	if pile > stateCountsFoldAt {
		if err := s.foldStateCounts(ctx, kind); err != nil {
			// The counts read are right; folding waits for the next reader.
			slog.WarnContext(ctx, "queue: unable to fold state counts", "err", err)
		}
	}
	return out, nil
}

// stateCountsFoldAt is how many change rows of a kind CountByState lets pile
// up before folding them: a few hundred rows still sum in well under a
// millisecond.
const stateCountsFoldAt = 256

// foldStateCounts replaces the change rows of kind by one row per state, in
// one statement, so the sums never change. Only one reader folds at a time
// (the others skip it rather than wait).
func (s *Store) foldStateCounts(ctx context.Context, kind Kind) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var locked bool
	if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(hashtext('tip_state_counts'), hashtext($1))`,
		string(kind)).Scan(&locked); err != nil || !locked {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		WITH gone AS (DELETE FROM tip_state_counts WHERE kind = $1 RETURNING state, n)
		INSERT INTO tip_state_counts (kind, state, n) SELECT $1, state, sum(n) FROM gone GROUP BY state`,
		string(kind)); err != nil {
		return err
	}
	return tx.Commit()
}

// Stats summarises reports for the dashboard and digests: what arrived in
// [from, to) by category, area, channel and day (days in cfg.Location), and the
// queue as it stands now (backlog, overdue, rewards waiting). Medians are of
// tips triaged and closed in the window. Area "" counts tips whose place was
// given as free text.
//
// Four statements, each over one index of migration 016 and only the rows it
// counts, run side by side on the pool: the window's arrivals grouped once by
// (category, area, channel, day) and summed here, the open queue by state, and the two
// medians (with the rewards waiting). Closed tips, most of the table, are
// read only for the median time to close. Each statement sees its own
// snapshot, as the figures of a dashboard may.
func (s *Store) Stats(ctx context.Context, from, to time.Time) (Stats, error) {
	var st Stats
	var triage, closing float64
	now := s.now()
	var wg sync.WaitGroup
	errs := make([]error, 6)
	wg.Go(func() {
		st.New, st.ByCategory, st.ByArea, st.ByChannel, st.ByDay, errs[0] = s.arrivals(ctx, from, to)
	})
	wg.Go(func() {
		st.Backlog, st.Overdue, errs[1] = s.openQueue(ctx, now)
	})
	wg.Go(func() {
		st.ByLabel, errs[4] = s.labelCounts(ctx, from, to)
	})
	wg.Go(func() {
		st.ByCampaign, errs[5] = s.campaignCounts(ctx, from, to)
	})
	// date_part is float8, which sorts several times faster than extract's numeric.
	wg.Go(func() {
		errs[2] = s.db.QueryRowContext(ctx, `
			SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', triaged_at - created_at)), 0)
			  FROM tips WHERE kind = 'report' AND triaged_at >= $1 AND triaged_at < $2`, from, to).Scan(&triage)
	})
	wg.Go(func() {
		errs[3] = s.db.QueryRowContext(ctx, `
			SELECT coalesce((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', closed_at - created_at))
			                   FROM tips WHERE kind = 'report' AND state = 'closed' AND closed_at >= $1 AND closed_at < $2), 0),
			       (SELECT count(*) FROM tips WHERE kind = 'report' AND reward_state IN ('eligible', 'approved', 'notified'))`,
			from, to).Scan(&closing, &st.RewardsWaiting)
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Stats{}, fmt.Errorf("queue: unable to compute stats: %w", err)
	}
	st.MedianTriage = time.Duration(triage * float64(time.Second)).Round(time.Second)
	st.MedianClose = time.Duration(closing * float64(time.Second)).Round(time.Second)
	return st, nil
}

// CountNew counts the reports that arrived in [from, to): the digest's
// comparison with the week before needs nothing else.
func (s *Store) CountNew(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `
		SELECT count(*) FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $2`,
		from, to).Scan(&n); err != nil {
		return 0, fmt.Errorf("queue: unable to count new tips: %w", err)
	}
	return n, nil
}

// arrivals reads the reports of [from, to) grouped by category, area,
// channel and day in one pass, and sums them four ways: at most categories ×
// areas × channels × days rows come back, however many tips there are.
func (s *Store) arrivals(ctx context.Context, from, to time.Time) (n int, byCategory, byArea, byChannel, byDay []Count, err error) {
	tz := s.location().String()
	if tz == "Local" {
		tz = "UTC"
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT category, coalesce(area_code, ''), channel, to_char((created_at AT TIME ZONE $3)::date, 'YYYY-MM-DD'), count(*)
		  FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $2
		 GROUP BY category, area_code, channel, (created_at AT TIME ZONE $3)::date`, from, to, tz)
	if err != nil {
		return 0, nil, nil, nil, nil, err
	}
	defer rows.Close()
	cats, areas, channels, days := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var cat, area, channel, day string
		var c int
		if err := rows.Scan(&cat, &area, &channel, &day, &c); err != nil {
			return 0, nil, nil, nil, nil, err
		}
		n += c
		cats[cat] += c
		areas[area] += c
		channels[channel] += c
		days[day] += c
	}
	if err := rows.Err(); err != nil {
		return 0, nil, nil, nil, nil, err
	}
	byCount := func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) }
	byKey := func(a, b Count) int { return cmp.Compare(a.Key, b.Key) }
	return n, sortedCounts(cats, byCount), sortedCounts(areas, byCount), sortedCounts(channels, byCount), sortedCounts(days, byKey), nil
}

func sortedCounts(m map[string]int, order func(a, b Count) int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, N: n})
	}
	slices.SortFunc(out, order)
	return out
}

// openQueue counts open reports by state, and those of them past their
// triage deadline or, once forwarded, their feedback deadline at now.
func (s *Store) openQueue(ctx context.Context, now time.Time) (map[State]int, int, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT state, count(*),
		       count(*) FILTER (WHERE `+OverdueSQL("", "$1")+`)
		  FROM tips WHERE kind = 'report' AND state <> 'closed' GROUP BY state`, now)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	backlog := make(map[State]int, len(States)-1)
	for _, st := range States {
		if st != StateClosed {
			backlog[st] = 0
		}
	}
	overdue := 0
	for rows.Next() {
		var st State
		var n, late int
		if err := rows.Scan(&st, &n, &late); err != nil {
			return nil, 0, err
		}
		backlog[st] = n
		overdue += late
	}
	return backlog, overdue, rows.Err()
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
		  WHERE t.kind = 'report' AND `+TriageLateSQL("t.", "$1")+`
		  ORDER BY t.triage_due LIMIT $2)
		UNION ALL
		(`+tipSelect+`
		  WHERE t.kind = 'report' AND `+FeedbackLateSQL("t.", "$1")+`
		  ORDER BY t.feedback_due LIMIT $2)) o
		ORDER BY CASE WHEN o.state = 'forwarded' THEN o.feedback_due ELSE o.triage_due END, o.id
		LIMIT $2`, now, limit)
}
