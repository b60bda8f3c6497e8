package webreport

import (
	"net/http"
	"unicode/utf8"

	"github.com/tipline/tipline/intake"
)

// saveDescription takes the text box. Text over the limit is shown back
// whole rather than cut, so the reporter chooses what to drop.
func (h *handler) saveDescription(rep *intake.Report, r *http.Request) (string, string) {
	text := intake.CleanText(r.PostFormValue("description"))
	if utf8.RuneCountInString(text) > h.core.DescriptionMax() {
		return "description.long", text
	}
	rep.SetText(text, h.core.DescriptionMax())
	switch {
	case text == "":
		return "description.empty", ""
	case rep.DescriptionLen() < h.core.DescriptionMin():
		return "report.description.short", text
	}
	return "", ""
}
