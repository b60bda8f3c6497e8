package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/config"
)

func setupCampaigns(t *testing.T) *bundle {
	b := setupWith(t, func(d *Deps) {
		d.Config.Keys = config.GenerateKeys()
		d.Config.Public.BaseURL = "https://jubao.example.cn"
		d.Config.Bot.Username = "XiangxiangJubaoBot"
	})
	b.addOfficers("officer", "supervisor")
	return b
}

func TestSupervisorCreatesEditsAndArchivesACampaign(t *testing.T) {
	b := setupCampaigns(t)
	sup := b.login("supervisor")
	res := b.post(sup, "/campaigns", url.Values{"name": {"梅桥镇中学禁毒宣讲"}, "kind": {"school"}, "area": {"meiqiao"},
		"starts_on": {"2026-06-20"}, "ends_on": {"2026-06-26"}, "telegram": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	var id int64
	if err := b.db.Get(&id, `SELECT id FROM campaigns WHERE name = '梅桥镇中学禁毒宣讲' AND kind = 'school' AND telegram`); err != nil {
		t.Fatal(err)
	}
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/campaigns/%d", id) {
		t.Fatalf("redirect to %q", loc)
	}
	st := campaign.NewStore(b.db, b.cfg)
	c, err := st.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	links := campaign.LinksFor(b.cfg, c, st.Code(c))
	_, page := b.get(sup, fmt.Sprintf("/campaigns/%d", id))
	for _, want := range []string{links.Web, links.Telegram, "2026-06-20", "梅桥镇"} {
		if !strings.Contains(page, want) {
			t.Errorf("campaign page lacks %q", want)
		}
	}

	// A bad form keeps what was stored and says why.
	res = b.post(sup, fmt.Sprintf("/campaigns/%d", id), url.Values{"name": {"改名"}, "kind": {"school"}, "area": {"meiqiao"},
		"starts_on": {"2026-06-26"}, "ends_on": {"2026-06-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bad update: %d", res.StatusCode)
	}
	if _, page = b.get(sup, fmt.Sprintf("/campaigns/%d", id)); !strings.Contains(page, "结束日期不能早于开始日期") {
		t.Error("refused dates not explained")
	}
	if got, _ := st.Get(t.Context(), id); got.Name != c.Name {
		t.Fatalf("a refused form changed the name to %q", got.Name)
	}

	b.post(sup, fmt.Sprintf("/campaigns/%d/archive", id), nil)
	if _, ok, err := st.Resolve(t.Context(), b.db, st.Code(c)); err != nil || ok {
		t.Fatalf("archived campaign's code still resolves: %v %v", ok, err)
	}
	var actions []string
	if err := b.db.Select(&actions, `SELECT action FROM audit_log WHERE action LIKE 'campaign.%' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(actions, ",") != "campaign.create,campaign.archive" {
		t.Fatalf("audited %v", actions)
	}
}

func TestOfficersCannotSeeCampaigns(t *testing.T) {
	b := setupCampaigns(t)
	off := b.login("officer")
	for _, p := range []string{"/campaigns", "/campaigns/new", "/campaigns/1/poster", "/campaigns/1/files.zip"} {
		if res, _ := b.get(off, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s as officer: %d", p, res.StatusCode)
		}
	}
	if _, page := b.get(off, "/queue"); strings.Contains(page, `href="/campaigns"`) {
		t.Error("officer's menu links the campaigns")
	}
}

// The page's figures are the SQL counts over the period, and a campaign with
// fewer reports than digest.min_area_count shows "<3", not its count.
func TestCampaignsPageCountsAndMasks(t *testing.T) {
	b := setupCampaigns(t)
	st := campaign.NewStore(b.db, b.cfg)
	big, err := st.Create(t.Context(), campaign.Campaign{Name: "东山广场6.26活动", Kind: "major_event", AreaCode: "dongshan"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	small, err := st.Create(t.Context(), campaign.Campaign{Name: "一户家庭走访", Kind: "family", AreaCode: "hutian"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 7; i++ {
		b.db.MustExec(`UPDATE tips SET campaign_id = $2 WHERE id = $1`, b.submit("report", fmt.Sprintf("广场有人贩毒 %d", i)), big.ID)
	}
	b.db.MustExec(`UPDATE tips SET campaign_id = $2 WHERE id = $1`, b.submit("report", "邻居家里有人吸毒"), small.ID)
	b.submit("report", "没有扫码的举报")

	sup := b.login("supervisor")
	today := time.Now().In(b.cfg.Location).Format(campaign.DateLayout)
	_, page := b.get(sup, "/campaigns?from="+today+"&to="+today)
	var want int
	if err := b.db.Get(&want, `SELECT count(*) FROM tips WHERE campaign_id = $1`, big.ID); err != nil || want != 7 {
		t.Fatalf("SQL count %d %v", want, err)
	}
	row := rowOf(t, page, big.Name)
	if !strings.Contains(row, `<td class="num">7</td>`) {
		t.Errorf("big campaign's row lacks its 7 reports: %s", row)
	}
	row = rowOf(t, page, small.Name)
	if !strings.Contains(row, `<td class="num">&lt;3</td>`) || strings.Contains(row, `<td class="num">1</td>`) {
		t.Errorf("the family's one report is not masked: %s", row)
	}
	// Yesterday alone has no reports at all.
	yesterday := time.Now().In(b.cfg.Location).AddDate(0, 0, -1).Format(campaign.DateLayout)
	if _, page = b.get(sup, "/campaigns?from="+yesterday+"&to="+yesterday); strings.Contains(rowOf(t, page, big.Name), ">7<") {
		t.Error("the period is ignored")
	}
	if _, page = b.get(sup, "/campaigns?from=2026-13-01&to=x"); !strings.Contains(page, "日期无效") {
		t.Error("a bad period is not said")
	}
}

func rowOf(t *testing.T, page, name string) string {
	t.Helper()
	i := strings.Index(page, ">"+name+"<")
	if i < 0 {
		t.Fatalf("no row for %s", name)
	}
	end := strings.Index(page[i:], "</tr>")
	return page[i : i+end]
}

func TestPosterAndFilesAreServed(t *testing.T) {
	b := setupCampaigns(t)
	c, err := campaign.NewStore(b.db, b.cfg).Create(t.Context(), campaign.Campaign{Name: "学校", Kind: "school", AreaCode: "meiqiao"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	sup := b.login("supervisor")
	res, page := b.get(sup, fmt.Sprintf("/campaigns/%d/poster", c.ID))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Security-Policy") != campaign.PosterCSP {
		t.Fatalf("poster: %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	if !strings.Contains(page, "扫码匿名举报") {
		t.Error("poster has no headline")
	}
	for file, ctype := range map[string]string{"qr/web.png": "image/png", "qr/web.svg": "image/svg+xml", "files.zip": "application/zip"} {
		if res, _ := b.get(sup, fmt.Sprintf("/campaigns/%d/%s", c.ID, file)); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != ctype {
			t.Errorf("%s: %d %s", file, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	// Without Telegram on this campaign there is no Telegram code to serve.
	if res, _ := b.get(sup, fmt.Sprintf("/campaigns/%d/qr/telegram.png", c.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("telegram code of a web-only campaign: %d", res.StatusCode)
	}
}
