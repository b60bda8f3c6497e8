package admin

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/internal/smallcount"
	"github.com/tipline/tipline/internal/svgchart"
	"github.com/tipline/tipline/queue"
)

// defaultLeaderDays is the leaders' view's period when none is chosen.
const defaultLeaderDays = 30

// leaderMeasures are the leaders' view's columns, in order: each a field of
// queue.TownFigures and the message key naming it ("leaders.m." + name).
var leaderMeasures = []leaderMeasure{
	{"received", func(f queue.TownFigures) int { return f.Received }},
	{"urgent", func(f queue.TownFigures) int { return f.Urgent }},
	{"actioned", func(f queue.TownFigures) int { return f.Actioned }},
	{"criminal", func(f queue.TownFigures) int { return f.Criminal }},
	{"administrative", func(f queue.TownFigures) int { return f.Administrative }},
	{"detained", func(f queue.TownFigures) int { return f.Detained }},
	{"users_found", func(f queue.TownFigures) int { return f.UsersFound }},
	{"rated", func(f queue.TownFigures) int { return f.Rated }},
	{"satisfied", func(f queue.TownFigures) int { return f.Satisfied }},
}

type leaderMeasure struct {
	name string
	of   func(queue.TownFigures) int
}

// leaderCell is one measure of one town: this period and the one before.
type leaderCell struct{ Cur, Prev smallcount.Cell }

// leaderRow is one town's line.
type leaderRow struct {
	Code, Name string
	Listed     bool
	Cells      []leaderCell
}

type leadersData struct {
	From, To         string // the period's first and last day
	PrevFrom, PrevTo string
	BadPeriod        bool
	Presets          []option
	Measures         []string
	Sort             string
	Rows             []leaderRow
	Total            leaderRow
	Min              int
	Chart            template.HTML
	Listings         []listingView
	Towns            []option
	Today            string
	Updated          string // hh:mm when the figures were counted
}

// listingView is a listing for clean-up as the page shows it.
type listingView struct {
	queue.TownListing
	Name    string
	Current bool
}

// Show is a cell as printed: "<N" when masked.
func (d leadersData) Show(c smallcount.Cell) string { return c.Show(d.Min) }

// Change is a cell's change against the period before, "—" where either
// side is masked, since a difference would give the hidden count away.
func (d leadersData) Change(c leaderCell) string {
	if c.Cur.Masked || c.Prev.Masked {
		return "—"
	}
	switch n := c.Cur.N - c.Prev.N; {
	case n > 0:
		return fmt.Sprintf("+%d", n)
	case n < 0:
		return fmt.Sprintf("−%d", -n)
	}
	return "±0"
}

// Date formats a listing's first day.
func (d leadersData) Date(t time.Time) string { return t.Format(campaign.DateLayout) }

// Day formats a listing's date; "" for none.
func (d leadersData) Day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(campaign.DateLayout)
}

// showLeaders is the leaders' view: per town, reports, urgent reports,
// actioned reports and case outcomes over a period against the period
// before, small counts masked, with the towns listed for clean-up.
func (h *handler) showLeaders(w http.ResponseWriter, r *http.Request) {
	v := h.view(w, r, "leaders")
	loc := v.Locale
	from, to, ok := h.leaderPeriod(r)
	p := queue.Period{From: from, To: to}
	prev := p.Before()
	d := leadersData{BadPeriod: !ok, Min: h.cfg.Digest.MinAreaCount, Sort: r.URL.Query().Get("sort"),
		From: day(from), To: day(to.AddDate(0, 0, -1)), PrevFrom: day(prev.From), PrevTo: day(prev.To.AddDate(0, 0, -1)),
		Today: day(h.now().In(h.loc))}
	for _, m := range leaderMeasures {
		d.Measures = append(d.Measures, m.name)
	}
	if !slices.Contains(d.Measures, d.Sort) && d.Sort != "name" {
		d.Sort = "received"
	}
	towns, at, err := h.towns.get(r.Context(), p.From, p.To, nil)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d.Updated = at.In(h.loc).Format("15:04")
	listings, err := h.queue.TownListings(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	listedNow := map[string]bool{}
	for _, l := range listings {
		cur := l.Current(h.now().In(h.loc))
		listedNow[l.AreaCode] = listedNow[l.AreaCode] || cur
		d.Listings = append(d.Listings, listingView{TownListing: l, Name: h.areaLabel(loc, l.AreaCode), Current: cur})
	}
	d.Rows = h.leaderRows(loc, towns, listedNow)
	d.Total = maskLeaderRows(d.Rows, d.Min)
	sortLeaderRows(d.Rows, d.Sort)
	// The chart is of reports received, most first, whatever the table's order.
	byReceived := slices.Clone(d.Rows)
	sortLeaderRows(byReceived, "received")
	var bars []svgchart.Bar
	for _, row := range byReceived {
		bars = append(bars, cellBar(row.Name, row.Cells[0].Cur, d.Min))
	}
	d.Chart = svgchart.Rows(translate(loc, "leaders.chart"), bars)
	for _, a := range h.cfg.Areas {
		d.Towns = append(d.Towns, option{Value: a.Code, Label: a.Name(loc)})
	}
	d.Presets = []option{{Value: "30", Label: translate(loc, "leaders.last30")}, {Value: "90", Label: translate(loc, "leaders.last90")},
		{Value: "year", Label: translate(loc, "leaders.this_year")}}
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

// cellBar is a count as a chart's bar: a masked one has no length and reads
// as the table shows it ("<3", "*").
func cellBar(label string, c smallcount.Cell, minCount int) svgchart.Bar {
	b := svgchart.Bar{Label: label, Value: c.N, Masked: c.Masked}
	if c.Masked {
		b.Shown = c.Show(minCount)
	}
	return b
}

// leaderPeriod reads the period: a preset (?preset=30|90|year) or dates.
func (h *handler) leaderPeriod(r *http.Request) (from, to time.Time, ok bool) {
	now := h.now().In(h.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.loc)
	switch r.URL.Query().Get("preset") {
	case "90":
		return today.AddDate(0, 0, -89), today.AddDate(0, 0, 1), true
	case "year":
		return time.Date(now.Year(), 1, 1, 0, 0, 0, 0, h.loc), today.AddDate(0, 0, 1), true
	}
	return h.period(r, defaultLeaderDays)
}

// leaderRows makes a row for every configured town, figures or not (a
// town with none is a finding too), then the typed and unknown places when
// they have any.
func (h *handler) leaderRows(loc string, towns []queue.TownRow, listed map[string]bool) []leaderRow {
	byCode := map[string]queue.TownRow{}
	for _, t := range towns {
		byCode[t.AreaCode] = t
	}
	var codes []string
	for _, a := range h.cfg.Areas {
		codes = append(codes, a.Code)
	}
	for _, extra := range []string{"", queue.AreaUnknown} {
		if _, ok := byCode[extra]; ok {
			codes = append(codes, extra)
		}
	}
	var rows []leaderRow
	for _, code := range codes {
		t := byCode[code]
		row := leaderRow{Code: code, Name: h.areaLabel(loc, code), Listed: listed[code]}
		for _, m := range leaderMeasures {
			row.Cells = append(row.Cells, leaderCell{Cur: smallcount.Cell{N: m.of(t.Current)}, Prev: smallcount.Cell{N: m.of(t.Previous)}})
		}
		rows = append(rows, row)
	}
	return rows
}

// maskLeaderRows adds up the total row and masks small counts, each column
// of each period a sum of the towns' cells.
func maskLeaderRows(rows []leaderRow, minCount int) leaderRow {
	total := leaderRow{Cells: make([]leaderCell, len(leaderMeasures))}
	var cells []*smallcount.Cell
	var sums []smallcount.Sum
	for m := range leaderMeasures {
		cur := smallcount.Sum{Total: &total.Cells[m].Cur}
		prev := smallcount.Sum{Total: &total.Cells[m].Prev}
		for i := range rows {
			c := &rows[i].Cells[m]
			total.Cells[m].Cur.N += c.Cur.N
			total.Cells[m].Prev.N += c.Prev.N
			cur.Parts = append(cur.Parts, &c.Cur)
			prev.Parts = append(prev.Parts, &c.Prev)
			cells = append(cells, &c.Cur, &c.Prev)
		}
		cells = append(cells, cur.Total, prev.Total)
		sums = append(sums, cur, prev)
	}
	smallcount.Mask(minCount, cells, sums)
	return total
}

// sortLeaderRows orders the towns by a measure, largest first (a masked
// count as none, so the order tells nothing of it), or by name.
func sortLeaderRows(rows []leaderRow, by string) {
	col := slices.IndexFunc(leaderMeasures, func(m leaderMeasure) bool { return m.name == by })
	slices.SortStableFunc(rows, func(a, b leaderRow) int {
		if col < 0 {
			return cmp.Compare(a.Name, b.Name)
		}
		av, bv := a.Cells[col].Cur, b.Cells[col].Cur
		return cmp.Compare(shownN(bv), shownN(av))
	})
}

func shownN(c smallcount.Cell) int {
	if c.Masked {
		return 0
	}
	return c.N
}

func day(t time.Time) string { return t.Format(campaign.DateLayout) }
