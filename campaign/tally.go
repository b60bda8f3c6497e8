package campaign

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tipline/tipline/internal/smallcount"
	"github.com/tipline/tipline/queue"
)

// Cell is one count of the campaigns page; Masked ones are shown as "<N".
type Cell = smallcount.Cell

// Row is the counts of one campaign, kind or town (or all of them).
type Row struct {
	Key        string    // campaign id, kind code or area code; "" for the total
	Campaign   *Campaign // set on a campaign's row
	Total      Cell
	Actioned   Cell
	ByCategory []Cell // in Tally.Categories' order
}

// Tally is the campaigns page's figures over one period.
type Tally struct {
	Categories []string
	Campaigns  []Row
	Kinds      []Row
	Towns      []Row
	Total      Row
	// MinCount is the small-count threshold (digest.min_area_count).
	MinCount int
}

// NewTally adds up counts per campaign, kind and town and masks every count
// from 1 to minCount-1, with what else it takes so that no masked count can
// be worked out from the others (see mask). Every campaign has a row, the
// archived ones too.
func NewTally(campaigns []Campaign, counts []queue.CampaignCount, categories []string, minCount int) Tally {
	t := Tally{Categories: categories, MinCount: minCount}
	catIndex := map[string]int{}
	for i, c := range categories {
		catIndex[c] = i
	}
	newRow := func(key string) Row { return Row{Key: key, ByCategory: make([]Cell, len(categories))} }
	byID := map[int64]int{}
	for i := range campaigns {
		r := newRow(fmt.Sprint(campaigns[i].ID))
		r.Campaign = &campaigns[i]
		byID[campaigns[i].ID] = len(t.Campaigns)
		t.Campaigns = append(t.Campaigns, r)
	}
	for _, c := range counts {
		i, ok := byID[c.CampaignID]
		k, known := catIndex[c.Category]
		if !ok || !known {
			continue // a category no longer configured: counted nowhere, so no total betrays it
		}
		r := &t.Campaigns[i]
		r.ByCategory[k].N += c.N
		r.Total.N += c.N
		r.Actioned.N += c.Actioned
	}

	kinds, towns := map[string]int{}, map[string]int{}
	t.Total = newRow("")
	group := func(rows *[]Row, index map[string]int, key string) *Row {
		i, ok := index[key]
		if !ok {
			i = len(*rows)
			index[key] = i
			*rows = append(*rows, newRow(key))
		}
		return &(*rows)[i]
	}
	for _, r := range t.Campaigns {
		for _, g := range []*Row{group(&t.Kinds, kinds, r.Campaign.Kind), group(&t.Towns, towns, r.Campaign.AreaCode), &t.Total} {
			g.Total.N += r.Total.N
			g.Actioned.N += r.Actioned.N
			for k := range r.ByCategory {
				g.ByCategory[k].N += r.ByCategory[k].N
			}
		}
	}
	byCount := func(a, b Row) int { return cmp.Or(cmp.Compare(b.Total.N, a.Total.N), cmp.Compare(a.Key, b.Key)) }
	slices.SortStableFunc(t.Kinds, byCount)
	slices.SortStableFunc(t.Towns, byCount)
	t.mask()
	return t
}

// mask hides every count below MinCount, then keeps hiding until no sum
// shown on the page gives a hidden count away. Each shown total is the sum of
// its parts (a row's categories; a kind's or a town's campaigns; all kinds,
// all towns): where exactly one part of a shown total is hidden, total minus
// the others would reveal it, so the smallest other part is hidden too, or the
// total when there is none. Zero is never hidden: no tips points at nobody.
func (t *Tally) mask() {
	type sum = smallcount.Sum
	var sums []sum
	rowSums := func(r *Row) {
		s := sum{Total: &r.Total}
		for k := range r.ByCategory {
			s.Parts = append(s.Parts, &r.ByCategory[k])
		}
		sums = append(sums, s)
	}
	all := []*Row{&t.Total}
	for i := range t.Campaigns {
		all = append(all, &t.Campaigns[i])
	}
	for i := range t.Kinds {
		all = append(all, &t.Kinds[i])
	}
	for i := range t.Towns {
		all = append(all, &t.Towns[i])
	}
	for _, r := range all {
		rowSums(r)
	}
	// A kind's or town's every count is the sum of its campaigns' counts.
	groupSums := func(groups []Row, of func(Campaign) string, whole *Row) {
		for gi := range groups {
			g := &groups[gi]
			var members []*Row
			for i := range t.Campaigns {
				if of(*t.Campaigns[i].Campaign) == g.Key {
					members = append(members, &t.Campaigns[i])
				}
			}
			cells := func(pick func(*Row) *Cell) {
				s := sum{Total: pick(g)}
				for _, m := range members {
					s.Parts = append(s.Parts, pick(m))
				}
				sums = append(sums, s)
			}
			cells(func(r *Row) *Cell { return &r.Total })
			cells(func(r *Row) *Cell { return &r.Actioned })
			for k := range t.Categories {
				cells(func(r *Row) *Cell { return &r.ByCategory[k] })
			}
		}
		// The whole is the sum of the groups.
		pickAll := []func(*Row) *Cell{func(r *Row) *Cell { return &r.Total }, func(r *Row) *Cell { return &r.Actioned }}
		for k := range t.Categories {
			pickAll = append(pickAll, func(r *Row) *Cell { return &r.ByCategory[k] })
		}
		for _, pick := range pickAll {
			s := sum{Total: pick(whole)}
			for gi := range groups {
				s.Parts = append(s.Parts, pick(&groups[gi]))
			}
			sums = append(sums, s)
		}
	}
	groupSums(t.Kinds, func(c Campaign) string { return c.Kind }, &t.Total)
	groupSums(t.Towns, func(c Campaign) string { return c.AreaCode }, &t.Total)

	var cells []*Cell
	for _, r := range all {
		cells = append(cells, &r.Total, &r.Actioned)
		cells = append(cells, cellPtrs(r.ByCategory)...)
	}
	smallcount.Mask(t.MinCount, cells, sums)
}

func cellPtrs(cs []Cell) []*Cell {
	out := make([]*Cell, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out
}
