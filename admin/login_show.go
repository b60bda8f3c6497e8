package admin

import "net/http"

type loginData struct {
	Username string
}

func (h *handler) showLogin(w http.ResponseWriter, r *http.Request) {
	if currentOfficer(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := h.view(w, r, "login")
	v.D = loginData{}
	h.render(w, r, v, http.StatusOK)
}
