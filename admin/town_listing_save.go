package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tipline/tipline/campaign"
)

// listTown lists a town for clean-up (挂牌整治) from a date.
func (h *handler) listTown(w http.ResponseWriter, r *http.Request) {
	area, note := r.PostFormValue("area"), r.PostFormValue("note")
	on, _ := time.ParseInLocation(campaign.DateLayout, r.PostFormValue("listed_on"), h.loc)
	l, err := h.queue.ListTown(r.Context(), actor(currentOfficer(r)), area, on, note)
	h.listingChanged(w, r, "list", l.ID, map[string]any{"area": area, "listed_on": r.PostFormValue("listed_on")}, err)
}

// delistTown ends a town's listing on a date.
func (h *handler) delistTown(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	on, _ := time.ParseInLocation(campaign.DateLayout, r.PostFormValue("delisted_on"), h.loc)
	h.listingChanged(w, r, "delist", id, map[string]any{"delisted_on": r.PostFormValue("delisted_on")},
		h.queue.DelistTown(r.Context(), actor(currentOfficer(r)), id, on))
}

// townListings are the listings as the leaders' view edits them.
var townListings = managedList{path: "/leaders", audit: "town", saved: "leaders.saved", fields: "leaders.field."}

func (h *handler) listingChanged(w http.ResponseWriter, r *http.Request, action string, id int64, detail map[string]any, err error) {
	townListings.changed(h, w, r, action, id, detail, err)
}
