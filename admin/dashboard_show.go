package admin

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/internal/svgchart"
	"github.com/tipline/tipline/queue"
)

type dashboardData struct {
	Range    string
	Stats    queue.Stats
	Channels []queue.Count // keyed by the channel's name
	Updated  string        // hh:mm when Stats was computed
	// The charts, drawn on the server (internal/svgchart): one bar per day
	// of the range, days without reports too; categories, areas (the places
	// reporters typed counted as one) and labels, most first.
	DayChart, CategoryChart, AreaChart, LabelChart template.HTML
	// SourceChart is where the range's reports came from: each outreach
	// campaign kind, and no campaign; small counts masked.
	SourceChart template.HTML
}

// showDashboard draws the charts on the server as SVG: no script, no library.
func (h *handler) showDashboard(w http.ResponseWriter, r *http.Request) {
	rng := r.URL.Query().Get("range")
	ranges, to := h.dashboardRanges()
	if _, ok := ranges[rng]; !ok {
		rng = "today"
	}
	var warm [][2]time.Time
	for _, k := range dashboardRangeNames {
		if k != rng {
			warm = append(warm, [2]time.Time{ranges[k], to})
		}
	}
	st, at, err := h.stats.get(r.Context(), ranges[rng], to, warm)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := h.view(w, r, "dashboard")
	loc := v.Locale
	d := dashboardData{Range: rng, Stats: st, Updated: at.In(h.loc).Format("15:04")}
	perDay := map[string]int{}
	for _, c := range st.ByDay {
		perDay[c.Key] = c.N
	}
	var days []svgchart.Bar
	for day := ranges[rng]; day.Before(to); day = day.AddDate(0, 0, 1) {
		days = append(days, svgchart.Bar{Label: day.Format("01-02"), Value: perDay[day.Format("2006-01-02")]})
	}
	d.DayChart = svgchart.Columns(translate(loc, "dash.per_day"), days)
	d.CategoryChart = svgchart.Rows(translate(loc, "dash.by_category"), countBars(st.ByCategory, v.Category))
	d.AreaChart = svgchart.Rows(translate(loc, "dash.by_area"), countBars(st.ByArea, func(k string) string { return h.areaLabel(loc, k) }))
	campaigns, err := h.campaigns().List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var sources []svgchart.Bar
	for _, src := range campaign.Sources(campaigns, st.ByCampaign, st.New, h.cfg.Digest.MinAreaCount) {
		name := translate(loc, "dash.no_campaign")
		if src.Kind != campaign.NoCampaign {
			name = campaign.KindName(h.cfg, src.Kind, loc)
		}
		sources = append(sources, cellBar(name, src.Count, h.cfg.Digest.MinAreaCount))
	}
	d.SourceChart = svgchart.Rows(translate(loc, "dash.by_source"), sources)
	d.LabelChart = svgchart.Rows(translate(loc, "dash.by_label"), countBars(st.ByLabel, func(k string) string { return k }))
	for _, c := range st.ByChannel {
		d.Channels = append(d.Channels, queue.Count{Key: channelName(loc, c.Key), N: c.N})
	}
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

// dashboardRangeNames are the dashboard's ranges, as its tabs show them.
var dashboardRangeNames = []string{"today", "7", "30"}

// dashboardRanges are the first days of the dashboard's ranges, which all end
// with today (before to), in the office's time zone.
func (h *handler) dashboardRanges() (map[string]time.Time, time.Time) {
	now := h.now().In(h.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.loc)
	return map[string]time.Time{"today": today, "7": today.AddDate(0, 0, -6), "30": today.AddDate(0, 0, -29)},
		today.AddDate(0, 0, 1)
}

// warmDashboard has the dashboard's figures computed in the background if
// they are not in memory (after a start, a new day, or ten minutes unused):
// officers land on the queue, and the dashboard opened next is then served
// at once. Figures already there are left alone; the dashboard refreshes them.
func (h *handler) warmDashboard() {
	ranges, to := h.dashboardRanges()
	var missing [][2]time.Time
	for _, k := range dashboardRangeNames {
		missing = append(missing, [2]time.Time{ranges[k], to})
	}
	h.stats.warm(missing)
}

// areaLabel names an area of the counts: a configured one, "not sure", or
// the places reporters typed (counted together, never quoted).
func (h *handler) areaLabel(locale, code string) string {
	switch code {
	case "":
		return translate(locale, "area.free_text")
	case queue.AreaUnknown:
		return translate(locale, "area.unknown")
	}
	if a, ok := h.cfg.Area(code); ok {
		return a.Name(locale)
	}
	return code
}

// countBars are counts as a chart's bars, named for the reader.
func countBars(cs []queue.Count, name func(string) string) []svgchart.Bar {
	out := make([]svgchart.Bar, 0, len(cs))
	for _, c := range cs {
		out = append(out, svgchart.Bar{Label: name(c.Key), Value: c.N})
	}
	return out
}

// Duration formats a median as hours and minutes.
func (d dashboardData) Duration(x time.Duration) string {
	if x <= 0 {
		return "–"
	}
	return fmt.Sprintf("%dh%02dm", int(x.Hours()), int(x.Minutes())%60)
}
