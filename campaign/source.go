package campaign

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/tipline/tipline/internal/smallcount"
	"github.com/tipline/tipline/queue"
)

// Source is one line of "where reports came from": a campaign kind, or
// NoCampaign for reports that came through no campaign's code.
type Source struct {
	Kind  string
	Count Cell
}

// NoCampaign is the Source of reports without a campaign.
const NoCampaign = ""

// Sources adds up a period's reports per campaign (byCampaign, keyed by the
// campaign's id, as queue.Stats counts them) into their campaigns' kinds,
// most first, and the rest of total as NoCampaign last. Small counts are
// masked so that total, shown beside them, gives none away; a campaign no
// longer listed counts under its own id's kind "" (none), never dropped.
func Sources(campaigns []Campaign, byCampaign []queue.Count, total, minCount int) []Source {
	kindOf := map[string]string{}
	for _, c := range campaigns {
		kindOf[strconv.FormatInt(c.ID, 10)] = c.Kind
	}
	perKind := map[string]int{}
	fromCampaigns := 0
	for _, c := range byCampaign {
		if k, ok := kindOf[c.Key]; ok {
			perKind[k] += c.N
			fromCampaigns += c.N
		}
	}
	var out []Source
	for k, n := range perKind {
		out = append(out, Source{Kind: k, Count: Cell{N: n}})
	}
	slices.SortFunc(out, func(a, b Source) int { return cmp.Or(cmp.Compare(b.Count.N, a.Count.N), cmp.Compare(a.Kind, b.Kind)) })
	out = append(out, Source{Kind: NoCampaign, Count: Cell{N: max(total-fromCampaigns, 0)}})
	whole := Cell{N: total}
	sum := smallcount.Sum{Total: &whole}
	cells := []*Cell{&whole}
	for i := range out {
		sum.Parts = append(sum.Parts, &out[i].Count)
		cells = append(cells, &out[i].Count)
	}
	smallcount.Mask(minCount, cells, []smallcount.Sum{sum})
	return out
}
