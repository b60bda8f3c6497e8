package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

func (h *handler) claimNext(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	t, err := h.queue.ClaimNext(r.Context(), actor(o), kindFor(o))
	if errors.Is(err, queue.ErrNothingToClaim) {
		h.flash(r, translate(o.Locale, "queue.nothing_to_claim"), false)
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.record(r, o, "", "tip.claim", &t.ID, map[string]bool{"next": true}); err != nil {
		h.unaudited(r, o)
	}
	http.Redirect(w, r, "/tips/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
}
