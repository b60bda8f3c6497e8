package webreport

import (
	"net/http"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// removeEvidence erases one file of the draft; the core touches only the
// draft's own files, whatever id is posted.
func (h *handler) removeEvidence(w http.ResponseWriter, r *http.Request) {
	h.fileAction(w, r, func(tx *sqlx.Tx, d *webDraft, id int64) error {
		return h.core.RemoveFile(r.Context(), tx, d.key, id)
	})
}

// fileAction runs act on a file of the request's draft and goes back to the
// evidence page.
func (h *handler) fileAction(w http.ResponseWriter, r *http.Request, act func(tx *sqlx.Tx, d *webDraft, id int64) error) {
	if err := r.ParseForm(); err != nil {
		h.formError(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PostFormValue("file"), 10, 64)
	check, _ := h.checkForm(r.PostFormValue("ft"), r.PostFormValue(honeypot), 0)
	done := false
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		if check != formOK {
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepEvidence, "error.form_stale", http.StatusUnprocessableEntity)
		}
		if d.d != nil && !d.submitted() {
			if err := act(tx, d, id); err != nil {
				return err
			}
		}
		done = true
		return nil
	})
	switch {
	case err != nil:
		h.fail(w, r, err)
	case done:
		http.Redirect(w, r, stepPaths[intake.StepEvidence], http.StatusSeeOther)
	}
}
