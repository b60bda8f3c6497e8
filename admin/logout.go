package admin

import (
	"net/http"

	"github.com/tipline/tipline/audit"
)

func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	_ = audit.Record(r.Context(), h.db, &o.ID, o.Username, "logout", nil, h.clientAddr(r), nil)
	if err := h.sessions.Destroy(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// logoutEverywhere ends every session of the officer, on every device.
func (h *handler) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	if err := h.officers.LogoutEverywhere(r.Context(), o.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	_ = audit.Record(r.Context(), h.db, &o.ID, o.Username, "logout.everywhere", nil, h.clientAddr(r), nil)
	if err := h.sessions.Destroy(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
