package admin

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/config"
)

// defaultCampaignDays is the campaigns page's period when none is chosen.
const defaultCampaignDays = 90

type campaignsData struct {
	Tally      campaign.Tally
	From, To   string // dates, the period's first and last day
	BadPeriod  bool
	Kinds      []config.CampaignKind
	HasBot     bool
	Categories []string

	cfg    *config.Config
	locale string
}

// Count is a cell as shown: a masked one as "<N".
func (d campaignsData) Count(c campaign.Cell) string {
	if c.Masked {
		return fmt.Sprintf("<%d", d.Tally.MinCount)
	}
	return fmt.Sprint(c.N)
}

// KindName is a campaign kind's name in the officer's language.
func (d campaignsData) KindName(code string) string { return campaign.KindName(d.cfg, code, d.locale) }

// TownName is a town's name in the officer's language.
func (d campaignsData) TownName(code string) string { return campaign.AreaName(d.cfg, code, d.locale) }

// Dates is a campaign's dates as one range; "" when it has none.
func (d campaignsData) Dates(starts, ends *time.Time) string {
	if starts == nil && ends == nil {
		return ""
	}
	return d.Day(starts) + " – " + d.Day(ends)
}

// Day is a campaign date as a form writes it; "" for none.
func (d campaignsData) Day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(campaign.DateLayout)
}

// showCampaigns lists the campaigns with their reports over a period, per
// campaign, kind and town, small counts masked.
func (h *handler) showCampaigns(w http.ResponseWriter, r *http.Request) {
	v := h.view(w, r, "campaigns")
	d := campaignsData{cfg: h.cfg, locale: v.Locale, Kinds: h.cfg.Campaigns.KindList(), HasBot: h.cfg.BotUsername() != ""}
	from, to, ok := h.campaignPeriod(r)
	d.BadPeriod = !ok
	d.From, d.To = from.Format(campaign.DateLayout), to.AddDate(0, 0, -1).Format(campaign.DateLayout)
	list, err := h.campaigns().List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	counts, _, err := h.campaignCounts.get(r.Context(), from, to, nil)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, c := range h.cfg.Categories {
		d.Categories = append(d.Categories, c.Code)
	}
	d.Tally = campaign.NewTally(list, counts, d.Categories, h.cfg.Digest.MinAreaCount)
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

// campaignPeriod is the campaigns page's period (see period).
func (h *handler) campaignPeriod(r *http.Request) (from, to time.Time, ok bool) {
	return h.period(r, defaultCampaignDays)
}

// campaigns is the campaign store over the admin's pool and configuration.
func (h *handler) campaigns() *campaign.Store { return campaign.NewStore(h.db, h.cfg) }
