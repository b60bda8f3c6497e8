package jobs

import (
	"context"
	"fmt"
	"strings"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

// digestResults are the weekly digest's results: what the period's work led
// to across the city — reports closed as actioned, and the cases and people
// of outcomes solved in the period — and the towns listed for clean-up
// (挂牌整治) at its end. City-wide totals, so no small-count mask applies;
// the leaders' view has them by town.
type digestResults struct {
	queue.TownFigures
	Listed []string // area codes
	// Sources are the week's reports by outreach campaign kind and without
	// one, small counts masked as the dashboard masks them.
	Sources []campaign.Source
}

func (s *Scheduler) results(ctx context.Context, p period, stats queue.Stats) (*digestResults, error) {
	towns, err := s.tips.TownStats(ctx, queue.Period{From: p.Start, To: p.End})
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to build the digest's results: %w", err)
	}
	r := &digestResults{}
	for _, t := range towns {
		c := t.Current
		r.Actioned += c.Actioned
		r.Criminal += c.Criminal
		r.Administrative += c.Administrative
		r.Detained += c.Detained
		r.UsersFound += c.UsersFound
	}
	listings, err := s.tips.TownListings(ctx)
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to build the digest's results: %w", err)
	}
	end := p.End.In(s.loc).AddDate(0, 0, -1)
	for _, l := range listings {
		if l.Current(end) {
			r.Listed = append(r.Listed, l.AreaCode)
		}
	}
	campaigns, err := campaign.NewStore(s.db, s.cfg).List(ctx)
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to build the digest's outreach: %w", err)
	}
	r.Sources = campaign.Sources(campaigns, stats.ByCampaign, stats.New, s.cfg.Digest.MinAreaCount)
	return r, nil
}

func (r *digestResults) summary(w words) string {
	return fmt.Sprintf(w.resultsLine, r.Actioned, r.Criminal, r.Administrative, r.Detained, r.UsersFound)
}

func (r *digestResults) listed(cfg *config.Config, w words) string {
	if len(r.Listed) == 0 {
		return w.noTownListed
	}
	names := make([]string, len(r.Listed))
	for i, code := range r.Listed {
		names[i] = code
		if a, ok := cfg.Area(code); ok {
			names[i] = a.Name(w.locale)
		}
	}
	return fmt.Sprintf(w.listedTowns, strings.Join(names, w.listSep))
}
