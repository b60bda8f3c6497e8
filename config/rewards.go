package config

import (
	"fmt"
	"slices"
	"time"
)

// SeizureTier: a seizure of at least MinGrams (every drug together) suggests
// Yuan; AtLeast makes the last tier a floor with no ceiling.
type SeizureTier struct {
	MinGrams float64 `yaml:"min_grams"`
	Yuan     int64   `yaml:"yuan"`
	AtLeast  bool    `yaml:"at_least"`
}

// CategoryRange suggests MinYuan to MaxYuan for tips of its categories;
// PerPerson multiplies both by the people detained. Every range that applies
// is added to the seizure's tier: rewards can be combined (累积).
type CategoryRange struct {
	Categories []string `yaml:"categories"`
	MinYuan    int64    `yaml:"min_yuan"`
	MaxYuan    int64    `yaml:"max_yuan"`
	PerPerson  bool     `yaml:"per_person"`
}

// Calendar corrects the official calendar of holidays and make-up working
// days (调休) the notice deadline counts in: days the office is closed, and
// days it works, as YYYY-MM-DD.
type Calendar struct {
	Holidays []string `yaml:"holidays"`
	Workdays []string `yaml:"workdays"`
}

// DefaultSeizureTiers are the national tiers of 《毒品违法犯罪举报奖励办法》
// (2018), as local texts re-issue them: grams of drugs seized to yuan.
func DefaultSeizureTiers() []SeizureTier {
	return []SeizureTier{
		{MinGrams: 0, Yuan: 300},
		{MinGrams: 10, Yuan: 500},
		{MinGrams: 50, Yuan: 1000},
		{MinGrams: 500, Yuan: 2000},
		{MinGrams: 1000, Yuan: 20000},
		{MinGrams: 10000, Yuan: 50000},
		{MinGrams: 20000, Yuan: 100000},
		{MinGrams: 50000, Yuan: 200000},
		{MinGrams: 100000, Yuan: 200000, AtLeast: true},
	}
}

// DefaultCategoryRanges are the ranges of 《湘潭市举报毒品违法犯罪行为奖励办法》
// (drug crime, drug users, precursors, cultivation, each manufacturing den)
// and, for drug driving, the 500 yuan per person of the Hebei rule.
func DefaultCategoryRanges() []CategoryRange {
	return []CategoryRange{
		{Categories: []string{"selling", "manufacturing", "trafficking", "harbouring", "post_online", "outbound"}, MinYuan: 2000, MaxYuan: 80000},
		{Categories: []string{"use"}, MinYuan: 300, MaxYuan: 5000},
		{Categories: []string{"precursors"}, MinYuan: 300, MaxYuan: 60000},
		{Categories: []string{"cultivation"}, MinYuan: 1000, MaxYuan: 3000},
		{Categories: []string{"manufacturing"}, MinYuan: 50000, MaxYuan: 50000},
		{Categories: []string{"drug_driving"}, MinYuan: 500, MaxYuan: 500, PerPerson: true},
	}
}

// Tiers is the configured seizure tiers, or the defaults.
func (r Rewards) Tiers() []SeizureTier {
	if len(r.SeizureTiers) == 0 {
		return DefaultSeizureTiers()
	}
	return r.SeizureTiers
}

// Ranges is the configured category ranges, or the defaults.
func (r Rewards) Ranges() []CategoryRange {
	if len(r.CategoryRanges) == 0 {
		return DefaultCategoryRanges()
	}
	return r.CategoryRanges
}

// validateRewards checks the deadlines, the tiers, the ranges and the calendar.
func (c *Config) validateRewards(bad func(key, format string, args ...any)) {
	r := c.Rewards
	if r.NotifyWorkingDays < 1 || r.NotifyWorkingDays > 60 {
		bad("rewards.notify_working_days", "must be 1 to 60, got %d", r.NotifyWorkingDays)
	}
	if r.ClaimMonths < 1 || r.ClaimMonths > 12 {
		bad("rewards.claim_months", "must be 1 to 12, got %d", r.ClaimMonths)
	}
	for i, t := range r.SeizureTiers {
		key := fmt.Sprintf("rewards.seizure_tiers[%d]", i)
		switch {
		case t.MinGrams < 0 || t.Yuan <= 0:
			bad(key, "needs min_grams of 0 or more and a positive yuan")
		case i > 0 && t.MinGrams <= r.SeizureTiers[i-1].MinGrams:
			bad(key+".min_grams", "tiers must rise: %v is not above %v", t.MinGrams, r.SeizureTiers[i-1].MinGrams)
		case t.AtLeast && i != len(r.SeizureTiers)-1:
			bad(key+".at_least", "only the last tier may be open-ended")
		}
	}
	for i, cr := range r.CategoryRanges {
		// The defaults name default categories; only ranges set here are
		// checked against the configured ones.
		key := fmt.Sprintf("rewards.category_ranges[%d]", i)
		if cr.MinYuan <= 0 || cr.MaxYuan < cr.MinYuan {
			bad(key, "needs 0 < min_yuan <= max_yuan, got %d to %d", cr.MinYuan, cr.MaxYuan)
		}
		if len(cr.Categories) == 0 {
			bad(key+".categories", "names no category")
		}
		for _, code := range cr.Categories {
			if _, ok := c.Category(code); !ok {
				bad(key+".categories", "unknown category %q", code)
			}
		}
	}
	for name, days := range map[string][]string{"rewards.calendar.holidays": r.Calendar.Holidays, "rewards.calendar.workdays": r.Calendar.Workdays} {
		for i, d := range days {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				bad(fmt.Sprintf("%s[%d]", name, i), "must be a date as YYYY-MM-DD, got %q", d)
			}
		}
	}
	for _, d := range r.Calendar.Holidays {
		if slices.Contains(r.Calendar.Workdays, d) {
			bad("rewards.calendar", "%s is both a holiday and a working day", d)
		}
	}
}
