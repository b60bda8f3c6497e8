package admin

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tipline/tipline/queue"
)

type bar struct {
	Label      string
	N          int
	X, Y, W, H int
}

type dashboardData struct {
	Range      string
	Stats      queue.Stats
	Days       []bar
	ChartW     int
	ChartH     int
	MaxDay     int
	Categories []bar
	Areas      []bar         // labelled with the area's name
	Channels   []queue.Count // keyed by the channel's name
	Updated    string        // hh:mm when Stats was computed
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
	d := dashboardData{Range: rng, Stats: st, ChartW: 600, ChartH: 160, Updated: at.In(h.loc).Format("15:04")}
	maxN := 1
	for _, c := range st.ByDay {
		maxN = max(maxN, c.N)
	}
	d.MaxDay = maxN
	if n := len(st.ByDay); n > 0 {
		slot := d.ChartW / n
		for i, c := range st.ByDay {
			bh := c.N * (d.ChartH - 20) / maxN
			d.Days = append(d.Days, bar{Label: c.Key, N: c.N, X: i*slot + 2, Y: d.ChartH - 20 - bh, W: max(slot-4, 1), H: bh})
		}
	}
	d.Categories = hbars(st.ByCategory)
	d.Areas = hbars(st.ByArea)
	for i := range d.Areas {
		d.Areas[i].Label = h.areaLabel(h.locale(r), d.Areas[i].Label)
	}
	for _, c := range st.ByChannel {
		d.Channels = append(d.Channels, queue.Count{Key: channelName(h.locale(r), c.Key), N: c.N})
	}
	v := h.view(w, r, "dashboard")
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

// hbars lays out horizontal bars, 300 px for the largest count.
func hbars(cs []queue.Count) []bar {
	maxN := 1
	for _, c := range cs {
		maxN = max(maxN, c.N)
	}
	out := make([]bar, 0, len(cs))
	for i, c := range cs {
		out = append(out, bar{Label: c.Key, N: c.N, Y: i * 22, W: max(c.N*300/maxN, 1), H: 18})
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

// BarsHeight is the SVG height for n horizontal bars.
func (d dashboardData) BarsHeight(n int) int { return max(n*22, 22) }
