package admin_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/internal/browsertest"
)

// TestBrowserCampaignSource shows, in both languages, the line of the tip
// page that names the campaign a report came from by kind and town only, and
// the dashboard's panel of reports by source with a small count masked.
// Screenshots go to screenshots/.
func TestBrowserCampaignSource(t *testing.T) {
	t.Parallel()
	a := newBrowserApp(t)
	store := campaign.NewStore(a.db, a.cfg)
	var family int64
	for _, c := range []struct {
		campaign campaign.Campaign
		reports  int
	}{
		{campaign.Campaign{Name: "东山中学禁毒课", Kind: "school", AreaCode: "dongshan"}, 5},
		{campaign.Campaign{Name: "社区禁毒宣传日", Kind: "community", AreaCode: "dongshan"}, 4},
		{campaign.Campaign{Name: "王家入户走访", Kind: "family", AreaCode: "baitian"}, 1},
	} {
		made, err := store.Create(t.Context(), c.campaign, 0)
		if err != nil {
			t.Fatal(err)
		}
		for range c.reports {
			id := a.submit("小区里有人聚众吸毒，经常深夜进出。")
			a.db.MustExec(`UPDATE tips SET campaign_id = $2 WHERE id = $1`, id, made.ID)
			family = id
		}
	}
	for range 6 {
		a.submit("东风路一家网吧后门晚上有人卖零包。")
	}
	if err := browsertest.SetViewport(a.ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	a.login()
	for _, tc := range []struct{ lang, label, source, noCampaign string }{
		{"zh-CN", "来自宣传活动", "家庭 · 白田镇", "未经宣传活动"},
		{"en", "From outreach", "Family · Baitian Town", "No campaign"},
	} {
		if tc.lang == "en" {
			a.open("/queue", "queue")
			a.load("queue", chromedp.Click(chromedp.CSS(`form[action="/account/locale"] button`)))
		}
		a.open("/tips/"+strconv.FormatInt(family, 10), "tip")
		line := eval[string](a, `(function () {
			var dt = Array.from(document.querySelectorAll("dl dt")).find(function (d) { return d.textContent.trim() === `+strconv.Quote(tc.label)+`; });
			return dt ? dt.textContent.trim() + "=" + dt.nextElementSibling.textContent.trim() : "";
		})()`)
		if line != tc.label+"="+tc.source {
			t.Errorf("%s: the tip's source line reads %q, want %q", tc.lang, line, tc.label+"="+tc.source)
		}
		if body := eval[string](a, `document.body.innerText`); strings.Contains(body, "王家") {
			t.Errorf("%s: the tip page names the campaign", tc.lang)
		}
		a.screenshot("campaign-source-" + tc.lang + "-tip.png")

		a.open("/dashboard?range=today", "dashboard")
		panel := eval[string](a, `(function () {
			var h = Array.from(document.querySelectorAll("section h2")).find(function (h) { return /来源|source/i.test(h.textContent); });
			return h ? h.parentElement.textContent : "";
		})()`)
		for _, want := range []string{tc.noCampaign, "<3", "5"} {
			if !strings.Contains(panel, want) {
				t.Errorf("%s: the dashboard's sources lack %q: %q", tc.lang, want, panel)
			}
		}
		if strings.Contains(panel, "王家") || strings.Contains(panel, "中学") {
			t.Errorf("%s: the dashboard's sources name a campaign: %q", tc.lang, panel)
		}
		browsertest.Clean(t, a.ctx, tc.lang+" dashboard")
		a.screenshot("campaign-source-" + tc.lang + "-dashboard.png")
	}
}
