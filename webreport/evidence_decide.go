package webreport

import (
	"net/http"

	"github.com/jmoiron/sqlx"
)

// decideEvidence answers the warning about a file whose hidden data cannot
// be removed: keep it anyway, or remove it and send a screenshot instead.
// Until answered the warning stays on the evidence page.
func (h *handler) decideEvidence(w http.ResponseWriter, r *http.Request) {
	h.fileAction(w, r, func(tx *sqlx.Tx, d *webDraft, id int64) error {
		if r.PostFormValue("keep") == "1" {
			d.x.KeptAnyway = append(d.x.KeptAnyway, id)
			return h.saveDraft(r.Context(), tx, w, d)
		}
		return h.core.RemoveFile(r.Context(), tx, d.key, id)
	})
}
