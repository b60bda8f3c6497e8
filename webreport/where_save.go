package webreport

import (
	"net/http"
	"unicode/utf8"

	"github.com/tipline/tipline/intake"
)

// saveWhere takes the place: a town from the list, "not sure", and or the
// reporter's own words. No map and no browser location: the phone's
// position is the reporter's own.
func (h *handler) saveWhere(rep *intake.Report, r *http.Request) (string, string) {
	code := r.PostFormValue("area")
	place := intake.CleanText(r.PostFormValue("place"))
	if code != "" && code != intake.AreaUnknown {
		if _, ok := h.cfg.Area(code); !ok {
			code = ""
		}
	}
	if utf8.RuneCountInString(place) > intake.MaxAreaText {
		return "where.too_long", place
	}
	if code == "" && place == "" {
		return "where.choose", ""
	}
	rep.AreaCode, rep.AreaText = code, place
	return "", ""
}
