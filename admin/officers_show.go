package admin

import (
	"net/http"

	"github.com/tipline/tipline/officer"
)

type officersData struct {
	Officers []officer.Officer
	Roles    []string
}

func (h *handler) showOfficers(w http.ResponseWriter, r *http.Request) {
	list, err := h.officers.List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := h.view(w, r, "officers")
	v.D = officersData{Officers: list, Roles: officer.Roles}
	h.render(w, r, v, http.StatusOK)
}
