package admin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/tipline/tipline/campaign"
)

// createCampaign makes a campaign from the campaigns page's form.
func (h *handler) createCampaign(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	c, err := campaignForm(r)
	if err == nil {
		c, err = h.campaigns().Create(r.Context(), c, o.ID)
	}
	if h.campaignRefused(w, r, err, "/campaigns") {
		return
	}
	h.campaignChanged(r, "create", c, "campaigns.created")
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d", c.ID), http.StatusSeeOther)
}

// updateCampaign saves a campaign's form.
func (h *handler) updateCampaign(w http.ResponseWriter, r *http.Request) {
	old, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	c, err := campaignForm(r)
	c.ID = old.ID
	back := fmt.Sprintf("/campaigns/%d", old.ID)
	if err == nil {
		err = h.campaigns().Update(r.Context(), c)
	}
	if h.campaignRefused(w, r, err, back) {
		return
	}
	h.campaignChanged(r, "update", c, "campaigns.saved")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func campaignForm(r *http.Request) (campaign.Campaign, error) {
	c := campaign.Campaign{
		Name:     r.PostFormValue("name"),
		Kind:     r.PostFormValue("kind"),
		AreaCode: r.PostFormValue("area"),
		Notes:    r.PostFormValue("notes"),
		Telegram: r.PostFormValue("telegram") == "1",
	}
	var err1, err2 error
	c.StartsOn, err1 = campaign.ParseDate(r.PostFormValue("starts_on"))
	c.EndsOn, err2 = campaign.ParseDate(r.PostFormValue("ends_on"))
	return c, errors.Join(err1, err2)
}

// campaignRefused answers a refused form with the field's message and
// reports whether it did; any other error is a server error.
func (h *handler) campaignRefused(w http.ResponseWriter, r *http.Request, err error, back string) bool {
	if err == nil {
		return false
	}
	var inv *campaign.InvalidError
	switch {
	case errors.As(err, &inv):
		h.flash(r, translate(currentOfficer(r).Locale, "campaigns.invalid."+inv.Field), false)
		http.Redirect(w, r, back, http.StatusSeeOther)
	case errors.Is(err, campaign.ErrNotFound):
		h.notFound(w, r)
	default:
		h.serverError(w, r, err)
	}
	return true
}

// campaignChanged audits a change already made and says so; a failed audit
// is said instead, so the officer reports it rather than repeat the change.
func (h *handler) campaignChanged(r *http.Request, action string, c campaign.Campaign, done string) {
	o := currentOfficer(r)
	if err := h.record(r, o, "", "campaign."+action, nil, map[string]any{"campaign": c.ID, "name": c.Name, "kind": c.Kind, "area": c.AreaCode}); err != nil {
		h.unaudited(r, o)
		return
	}
	h.flash(r, translate(o.Locale, done), true)
}
