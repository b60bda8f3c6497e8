package admin

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestDashboardChartsRead: one bar a day whatever the range (today is one
// narrow bar, not the chart's width), every day of the range drawn, axis
// numbers not English words, and the labels counted.
func TestDashboardChartsRead(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "东山街道有人卖零包")
	b.post(c, "/tips/"+strconv.FormatInt(id, 10)+"/labels", url.Values{"label": {"校园周边"}})
	firstChart := func(body string) string {
		i := strings.Index(body, `<svg class="chart phone"`)
		if i < 0 {
			t.Fatalf("no chart:\n%s", body)
		}
		return body[i : i+strings.Index(body[i:], "</svg>")]
	}
	for rng, days := range map[string]int{"today": 1, "7": 7, "30": 30} {
		_, body := b.get(c, "/dashboard?range="+rng)
		chart := firstChart(body)
		rects := regexp.MustCompile(`<rect [^>]*width="([0-9.]+)"`).FindAllStringSubmatch(chart, -1)
		if len(rects) != days {
			t.Errorf("range %s: %d bars, want one a day (%d)", rng, len(rects), days)
		}
		for _, r := range rects {
			if w, _ := strconv.ParseFloat(r[1], 64); w > 36 {
				t.Errorf("range %s: a day's bar is %.0f wide", rng, w)
			}
		}
		if strings.Contains(body, ">max ") {
			t.Errorf("range %s: the chart speaks English in Chinese", rng)
		}
		if !strings.Contains(body, "校园周边") {
			t.Errorf("range %s: the label chart does not count the label", rng)
		}
	}
}
