package webreport

import "net/http"

// showStatus is the form to enter a receipt.
func (h *handler) showStatus(w http.ResponseWriter, r *http.Request) {
	h.renderStatus(w, r, "", "", false, http.StatusOK)
}

// renderStatus shows the receipt form with what was typed and a notice.
func (h *handler) renderStatus(w http.ResponseWriter, r *http.Request, typed, notice string, isError bool, status int) {
	v := h.view(r, "status")
	if notice != "" {
		v.Notice, v.Error = translate(v.Locale, notice), isError
	}
	v.D = statusView{Typed: typed}
	h.render(w, v, status)
}
