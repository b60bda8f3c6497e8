package queue

import (
	"context"
	"fmt"
	"time"
)

// TownFigures are what the leaders' view counts for one town over a period.
// Received and Urgent count reports by when they arrived; Actioned by when
// they were closed as acted on; the case figures by the day the case was
// solved, the date the office reports results by.
type TownFigures struct {
	Received       int `db:"received"`
	Urgent         int `db:"urgent"`
	Actioned       int `db:"actioned"`
	Criminal       int `db:"criminal"`
	Administrative int `db:"administrative"`
	Detained       int `db:"detained"`
	UsersFound     int `db:"users_found"`
	// Rated and Satisfied count the closed reports whose reporter answered
	// the satisfaction question, and those very satisfied or satisfied.
	Rated     int `db:"rated"`
	Satisfied int `db:"satisfied"`
}

// TownRow is one town's figures in a period and in the period before it.
// AreaCode is a configured town, AreaUnknown, or "" for places reporters
// typed (counted together, never named).
type TownRow struct {
	AreaCode string
	Current  TownFigures
	Previous TownFigures
}

// Period is [From, To) in the office's time zone, whole days.
type Period struct{ From, To time.Time }

// Before is the period of the same length that ends where p starts.
func (p Period) Before() Period {
	days := int(p.To.Sub(p.From).Round(24*time.Hour) / (24 * time.Hour))
	return Period{From: p.From.AddDate(0, 0, -days), To: p.From}
}

// TownStats counts reports, urgent reports, actioned reports and case
// outcomes per town in p and in the period before it, one row per town that
// has any; the caller masks small counts.
func (s *Store) TownStats(ctx context.Context, p Period) ([]TownRow, error) {
	prev := p.Before()
	var rows []struct {
		Area    string `db:"area"`
		Current bool   `db:"current"`
		TownFigures
	}
	// Three scans, each on the index of its own date: arrivals on
	// tips_created, closings on tips_closed_at, outcomes on their solved day.
	err := s.db.SelectContext(ctx, &rows, `
		WITH f AS (
		  SELECT coalesce(area_code, '') AS area, created_at >= $2 AS current,
		         1 AS received, (suggested_priority = 1)::int AS urgent, 0 AS actioned,
		         0 AS criminal, 0 AS administrative, 0 AS detained, 0 AS users_found, 0 AS rated, 0 AS satisfied
		    FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $3
		  UNION ALL
		  SELECT coalesce(area_code, ''), closed_at >= $2, 0, 0, (resolution = 'actioned')::int, 0, 0, 0, 0,
		         (satisfaction IS NOT NULL)::int, (satisfaction <= 2)::int
		    FROM tips WHERE state = 'closed' AND closed_at >= $1 AND closed_at < $3
		     AND kind = 'report' AND (resolution = 'actioned' OR satisfaction IS NOT NULL)
		  UNION ALL
		  SELECT coalesce(t.area_code, ''), o.solved_on >= $5::date, 0, 0, 0,
		         (o.case_kind = 'criminal')::int, (o.case_kind = 'administrative')::int, o.detained, o.users_found, 0, 0
		    FROM tip_outcomes o JOIN tips t ON t.id = o.tip_id
		   WHERE o.solved_on >= $4::date AND o.solved_on < $6::date)
		SELECT area, current, sum(received) AS received, sum(urgent) AS urgent, sum(actioned) AS actioned,
		       sum(criminal) AS criminal, sum(administrative) AS administrative,
		       sum(detained) AS detained, sum(users_found) AS users_found,
		       sum(rated) AS rated, coalesce(sum(satisfied), 0) AS satisfied
		  FROM f GROUP BY area, current ORDER BY area`,
		prev.From, p.From, p.To, isoDate(prev.From), isoDate(p.From), isoDate(p.To))
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count by town: %w", err)
	}
	var out []TownRow
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Area]
		if !ok {
			i = len(out)
			index[r.Area] = i
			out = append(out, TownRow{AreaCode: r.Area})
		}
		if r.Current {
			out[i].Current = r.TownFigures
		} else {
			out[i].Previous = r.TownFigures
		}
	}
	return out, nil
}

// isoDate is t's date in its own location, as PostgreSQL reads a date.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }
