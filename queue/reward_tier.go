package queue

import (
	"github.com/tipline/tipline/config"
)

// Suggestion is the amount the reward rules suggest, in cents: the seizure's
// tier plus every category range that applies (rewards combine). Open means
// no ceiling: the last seizure tier is a floor.
type Suggestion struct {
	MinCents, MaxCents int64
	Open               bool
}

// Fits says whether an amount lies within the suggestion.
func (g Suggestion) Fits(cents int64) bool {
	return cents >= g.MinCents && (g.Open || cents <= g.MaxCents)
}

// seizureTier is the tier a total weight falls in: the last whose MinGrams it
// reaches. No seizure, no tier.
func seizureTier(tiers []config.SeizureTier, grams float64) (config.SeizureTier, bool) {
	var t config.SeizureTier
	found := false
	if grams <= 0 {
		return t, false
	}
	for _, x := range tiers {
		if grams >= x.MinGrams {
			t, found = x, true
		}
	}
	return t, found
}

// suggest applies the rules to a tip's category and outcome (nil when none
// is recorded); ok is false when no rule applies, so any amount needs a reason.
func suggest(r config.Rewards, category string, o *Outcome) (g Suggestion, ok bool) {
	detained := 0
	if o != nil {
		detained = o.Detained
		if t, found := seizureTier(r.Tiers(), o.Grams()); found {
			g.MinCents += t.Yuan * 100
			g.MaxCents += t.Yuan * 100
			g.Open = t.AtLeast
			ok = true
		}
	}
	for _, cr := range r.Ranges() {
		applies := false
		for _, c := range cr.Categories {
			applies = applies || c == category
		}
		if !applies {
			continue
		}
		n := int64(1)
		if cr.PerPerson {
			n = int64(detained)
		}
		if n == 0 {
			continue
		}
		g.MinCents += cr.MinYuan * 100 * n
		g.MaxCents += cr.MaxYuan * 100 * n
		ok = true
	}
	return g, ok
}
