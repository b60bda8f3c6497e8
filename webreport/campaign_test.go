package webreport

import (
	"database/sql"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/tipline/tipline/campaign"
)

var campaignField = regexp.MustCompile(`<input type="hidden" name="c" value="([^"]*)">`)

// reportFrom opens the web report as a poster's QR code does and submits a
// report through the form as it is served; it returns the tip.
func (p *phone) reportFrom(code string) int64 {
	p.b.t.Helper()
	p.get("/r/?c=" + url.QueryEscape(code))
	p.must("start", 200)
	form := url.Values{"category": {"selling"}}
	if m := campaignField.FindStringSubmatch(p.body); m != nil {
		form.Set("c", m[1])
	}
	p.post("/r/category", form)
	p.must("where", 200)
	p.post("/r/where", url.Values{"area": {"dongshan"}})
	p.post("/r/when", url.Values{"occurred": {"today"}})
	p.post("/r/description", url.Values{"description": {"学校门口的小卖部有人卖“跳跳糖”，学生买了以后精神异常。"}})
	p.get("/r/review")
	p.must("review", 200)
	p.b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	return p.b.tipOf(p.receipt())
}

func (b *bundle) tipCampaign(tip int64) sql.NullInt64 {
	b.t.Helper()
	var c sql.NullInt64
	if err := b.db.Get(&c, `SELECT campaign_id FROM tips WHERE id = $1`, tip); err != nil {
		b.t.Fatal(err)
	}
	return c
}

// /r/?c=<code> → report → the tip carries the campaign; a phone that scans a
// second poster attributes its second report to that one.
func TestReportFromAPosterCarriesItsCampaign(t *testing.T) {
	b := setup(t)
	st := campaign.NewStore(b.db, b.cfg)
	school, err := st.Create(t.Context(), campaign.Campaign{Name: "梅桥镇中学禁毒宣讲", Kind: "school", AreaCode: "meiqiao"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	village, err := st.Create(t.Context(), campaign.Campaign{Name: "壶天镇农村宣传", Kind: "village", AreaCode: "hutian"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := b.phone("", wechatAgent)
	if got := b.tipCampaign(p.reportFrom(st.Code(school))); got.Int64 != school.ID {
		t.Fatalf("report from the school's poster: campaign %+v, want %d", got, school.ID)
	}
	if got := b.tipCampaign(p.reportFrom(st.Code(village))); got.Int64 != village.ID {
		t.Fatalf("report from the village's poster: campaign %+v, want %d", got, village.ID)
	}
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE report::text LIKE '%"campaign"%'`); n != 0 {
		t.Fatalf("%d drafts still hold a campaign after submit", n)
	}
}

// A forged code, or an archived campaign's, gets the normal start: the page
// carries no code and the tip no campaign, even when the form is made to
// post one.
func TestForgedOrArchivedCodeAttributesNothing(t *testing.T) {
	b := setup(t)
	st := campaign.NewStore(b.db, b.cfg)
	c, err := st.Create(t.Context(), campaign.Campaign{Name: "去年的海报", Kind: "poster", AreaCode: "dongshan"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	forged := campaign.NewSigner([]byte("not-the-service-key-0123456789abcd")).Code(c.ID)
	p := b.phone("", wechatAgent)
	p.get("/r/?c=" + forged)
	p.must("start", 200)
	if campaignField.MatchString(p.body) {
		t.Fatal("the start page carries a forged code")
	}
	p.post("/r/category", url.Values{"category": {"selling"}, "c": {forged}})
	p.post("/r/where", url.Values{"area": {"dongshan"}})
	p.post("/r/when", url.Values{"occurred": {"today"}})
	p.post("/r/description", url.Values{"description": {"东山菜市场后门每天晚上有人卖冰毒，骑黑色摩托车。"}})
	b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	if got := b.tipCampaign(b.tipOf(p.receipt())); got.Valid {
		t.Fatalf("a forged code attributed the tip to %d", got.Int64)
	}

	if err := st.SetArchived(t.Context(), c.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := b.tipCampaign(p.reportFrom(st.Code(c))); got.Valid {
		t.Fatalf("an archived campaign's code attributed the tip to %d", got.Int64)
	}
}
