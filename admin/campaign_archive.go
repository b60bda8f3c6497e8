package admin

import (
	"fmt"
	"net/http"
)

// archiveCampaign stops a campaign's code attributing new reports; its counts stay.
func (h *handler) archiveCampaign(w http.ResponseWriter, r *http.Request) {
	h.setCampaignArchived(w, r, true)
}

// restoreCampaign lets an archived campaign's code attribute reports again.
func (h *handler) restoreCampaign(w http.ResponseWriter, r *http.Request) {
	h.setCampaignArchived(w, r, false)
}

func (h *handler) setCampaignArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	c, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	if h.campaignRefused(w, r, h.campaigns().SetArchived(r.Context(), c.ID, archived), "/campaigns") {
		return
	}
	action, done := "restore", "campaigns.restored"
	if archived {
		action, done = "archive", "campaigns.archived_done"
	}
	h.campaignChanged(r, action, c, done)
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d", c.ID), http.StatusSeeOther)
}
