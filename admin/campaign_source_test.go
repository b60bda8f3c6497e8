package admin

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/campaign"
)

// TestTipShowsOnlyTheCampaignsKindAndTown: a report from a campaign's code
// names, on its page, the campaign's kind and town and never its name (a
// visit to one family would name the family); the dashboard counts reports
// by campaign kind, small counts masked.
func TestTipShowsOnlyTheCampaignsKindAndTown(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	visit, err := campaign.NewStore(b.db, b.cfg).Create(t.Context(), campaign.Campaign{Name: "王家入户走访", Kind: "family", AreaCode: "baitian"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	id := b.submit("report", "邻居家里有人吸毒")
	b.db.MustExec(`UPDATE tips SET campaign_id = $2 WHERE id = $1`, id, visit.ID)
	for range 4 {
		b.submit("report", "东山街道有人卖零包")
	}
	_, body := b.get(c, "/tips/"+strconv.FormatInt(id, 10))
	if !strings.Contains(body, "<dt>来自宣传活动</dt><dd>家庭 · 白田镇</dd>") {
		i := strings.Index(body, "<dl")
		t.Errorf("the tip does not name its campaign's kind and town:\n%s", body[i:i+1500])
	}
	if strings.Contains(body, "王家") {
		t.Error("the tip page names the campaign")
	}
	_, dash := b.get(c, "/dashboard?range=today")
	if !strings.Contains(dash, "家庭") || !strings.Contains(dash, "&lt;3") || !strings.Contains(dash, "未经宣传活动") {
		t.Errorf("the dashboard's sources do not mask the family visit's one report")
	}
	if strings.Contains(dash, "王家") {
		t.Error("the dashboard names the campaign")
	}
}
