package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/audit"
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
	_ = audit.Record(r.Context(), h.db, &o.ID, o.Username, "tip.claim", &t.ID, h.clientAddr(r), map[string]bool{"next": true})
	http.Redirect(w, r, "/tips/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
}
