package admin

import "net/http"

func (h *handler) showHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/queue", http.StatusSeeOther)
}
