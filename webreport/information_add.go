package webreport

import "net/http"

// addInformation takes more information, with files, for the tip.
func (h *handler) addInformation(w http.ResponseWriter, r *http.Request) {
	h.fromReporter(w, r, false)
}
