package webreport

import (
	"net/http"

	"github.com/tipline/tipline/intake"
)

// saveWhen takes when it happened; "happening now" brings the emergency
// advice onto the next pages.
func (h *handler) saveWhen(rep *intake.Report, r *http.Request) (string, string) {
	o := r.PostFormValue("occurred")
	if !intake.ValidOccurred(o) {
		return "when.choose", ""
	}
	rep.Occurred = o
	return "", ""
}
