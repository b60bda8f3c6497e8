package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/campaign"
)

type campaignData struct {
	campaignsData
	Campaign campaign.Campaign
	Links    campaign.Links
}

// showCampaign is one campaign's form, links and printable material.
func (h *handler) showCampaign(w http.ResponseWriter, r *http.Request) {
	c, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	h.renderCampaign(w, r, c)
}

// newCampaign is the empty form of a new campaign.
func (h *handler) newCampaign(w http.ResponseWriter, r *http.Request) {
	h.renderCampaign(w, r, campaign.Campaign{})
}

func (h *handler) renderCampaign(w http.ResponseWriter, r *http.Request, c campaign.Campaign) {
	v := h.view(w, r, "campaign")
	st := h.campaigns()
	d := campaignData{
		campaignsData: campaignsData{cfg: h.cfg, locale: v.Locale, Kinds: h.cfg.Campaigns.KindList(), HasBot: h.cfg.BotUsername() != ""},
		Campaign:      c,
	}
	if c.ID != 0 {
		d.Links = campaign.LinksFor(h.cfg, c, st.Code(c))
	}
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

// campaignFromPath loads the campaign named by {id}, answering 404 itself.
func (h *handler) campaignFromPath(w http.ResponseWriter, r *http.Request) (campaign.Campaign, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return campaign.Campaign{}, false
	}
	c, err := h.campaigns().Get(r.Context(), id)
	if errors.Is(err, campaign.ErrNotFound) {
		h.notFound(w, r)
		return campaign.Campaign{}, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return campaign.Campaign{}, false
	}
	return c, true
}
