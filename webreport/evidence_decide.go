package webreport

import (
	"errors"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// decideEvidence answers the warning about a file whose hidden data cannot
// be removed: keep it anyway, or remove it and send a screenshot instead.
// The core holds such a file until then and submits it only once kept, so
// the choice is the core's to record; a file the draft's limits no longer
// allow is refused as an upload would be.
func (h *handler) decideEvidence(w http.ResponseWriter, r *http.Request) {
	h.fileAction(w, r, func(tx *sqlx.Tx, d *webDraft, id int64) error {
		if r.PostFormValue("keep") != "1" {
			return h.core.RemoveFile(r.Context(), tx, d.key, id)
		}
		n, err := h.position(r, tx, d, id)
		if err != nil {
			return err
		}
		p, err := h.core.KeepAnyway(r.Context(), tx, d.key, intake.Web, id)
		switch {
		case errors.Is(err, intake.ErrNoFile):
			return nil // answered already, from another tab or a double tap
		case err != nil:
			return err
		case p != intake.ProblemNone:
			d.x.Outcome = []fileOutcome{{N: n, Problem: string(p)}}
			return h.saveDraft(r.Context(), tx, w, d)
		}
		return nil
	})
}

// position is the file's place among the draft's files, as the evidence
// page numbers them.
func (h *handler) position(r *http.Request, tx *sqlx.Tx, d *webDraft, id int64) (int, error) {
	files, err := h.core.Files(r.Context(), tx, d.key)
	if err != nil {
		return 0, err
	}
	for i, f := range files {
		if f.ID == id {
			return i + 1, nil
		}
	}
	return 0, nil
}
