package queue

import (
	"context"
	"fmt"
	"time"
)

// CampaignCount is how many reports of one category a campaign brought in a
// period, and how many of them were closed as actioned.
type CampaignCount struct {
	CampaignID int64  `db:"campaign_id"`
	Category   string `db:"category"`
	N          int    `db:"n"`
	Actioned   int    `db:"actioned"`
}

// campaignCounts counts the reports that arrived in [from, to) per
// campaign, for the dashboard's sources, from tips_campaign_arrivals alone.
func (s *Store) campaignCounts(ctx context.Context, from, to time.Time) ([]Count, error) {
	out := []Count{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT campaign_id::text AS key, count(*) AS n
		  FROM tips
		 WHERE campaign_id IS NOT NULL AND kind = 'report' AND created_at >= $1 AND created_at < $2
		 GROUP BY campaign_id ORDER BY 2 DESC`, from, to)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count reports by campaign: %w", err)
	}
	return out, nil
}

// CountByCampaign counts the reports that arrived in [from, to) through a
// campaign's code, per campaign and category. Help questions are left out:
// which poster a person asking for help scanned is nobody's business. It
// reads only migration 041's partial index of campaign reports.
func (s *Store) CountByCampaign(ctx context.Context, from, to time.Time) ([]CampaignCount, error) {
	var out []CampaignCount
	err := s.db.SelectContext(ctx, &out, `
		SELECT campaign_id, category, count(*) AS n, count(*) FILTER (WHERE resolution = 'actioned') AS actioned
		  FROM tips
		 WHERE campaign_id IS NOT NULL AND kind = 'report' AND created_at >= $1 AND created_at < $2
		 GROUP BY campaign_id, category`, from, to)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to count tips by campaign: %w", err)
	}
	return out, nil
}
