package admin

import (
	"net/http"
)

func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	// Logging out goes ahead even unaudited: keeping a session open is worse. record logs a failure.
	_ = h.record(r, o, "", "logout", nil, nil)
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
	_ = h.record(r, o, "", "logout.everywhere", nil, nil)
	if err := h.sessions.Destroy(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
