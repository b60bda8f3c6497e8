package admin

import (
	"net/http"

	"github.com/tipline/tipline/officer"
)

func (h *handler) disableOfficer(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "disable", func(username string) (any, error) {
		if username == currentOfficer(r).Username {
			return nil, officer.ErrInvalid
		}
		return nil, h.officers.Disable(r.Context(), username)
	})
}

func (h *handler) enableOfficer(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "enable", func(username string) (any, error) {
		return nil, h.officers.Enable(r.Context(), username)
	})
}
