package webreport

import (
	"net/http"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/intake"
)

// saveCategory takes the first step: what the report is about.
func (h *handler) saveCategory(rep *intake.Report, r *http.Request) (string, string) {
	code := r.PostFormValue("category")
	if _, ok := h.cfg.Category(code); !ok {
		return "category.choose", ""
	}
	rep.Category = code
	// A new report carries the poster it started from; one under way keeps its own.
	if c := r.PostFormValue("c"); rep.Campaign == "" && rep.Parts == nil {
		if _, ok := campaign.SignerFor(h.cfg).Verify(c); ok {
			rep.Campaign = c
		}
	}
	return "", ""
}
