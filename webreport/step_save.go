package webreport

import (
	"context"
	"errors"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// answer puts a step's posted answers into the report. It returns a key of
// the catalogue when they cannot be taken, and what was typed to show back.
type answer func(rep *intake.Report, r *http.Request) (notice, typed string)

// saveStep takes the form of step st. Whatever happens, what the reporter
// typed is kept or shown back: answers that cannot be taken show the page
// again with them; a stale or bad form token keeps the answers and asks for
// one more tap (a person taps again, a script that never loaded the page
// does not get through).
func (h *handler) saveStep(st intake.Step, apply answer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			h.formError(w, r, err)
			return
		}
		check, served := h.checkForm(r.PostFormValue("ft"), r.PostFormValue(honeypot), 0)
		var next string
		err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
			d, err := h.openDraft(r.Context(), tx, r)
			if err != nil {
				return err
			}
			lost := d.lost
			if d.submitted() || d.d == nil {
				// A new report: under a new token, so it is linked to
				// nothing before it.
				if d, err = newDraft(); err != nil {
					return err
				}
				d.x.Started = h.now()
				if check == formOK {
					d.x.Started = served
				}
			}
			notice, typed := apply(d.report(), r)
			if notice == "" && check != formOK && !lost {
				notice = "error.form_stale"
			}
			if err := h.saveDraft(r.Context(), tx, w, d); err != nil {
				return err
			}
			if notice != "" {
				return h.renderTyped(r.Context(), tx, w, r, d, st, notice, typed)
			}
			if lost {
				// Say so, and go on where the report now needs it.
				missing := d.report().Missing(intake.Web)
				if missing == "" {
					missing = intake.StepReview
				}
				return h.renderStep(r.Context(), tx, w, r, d, missing, "error.draft_expired", http.StatusOK)
			}
			next = stepPaths[intake.Next(intake.Web, st)]
			if r.PostFormValue("from") == "review" {
				next = stepPaths[intake.StepReview]
			}
			return nil
		})
		switch {
		case err != nil:
			h.fail(w, r, err)
		case next != "":
			http.Redirect(w, r, next, http.StatusSeeOther)
		}
	}
}

// renderTyped shows st's page again with a notice and what was typed.
func (h *handler) renderTyped(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, r *http.Request, d *webDraft, st intake.Step, notice, typed string) error {
	return h.renderStepWith(ctx, tx, w, r, d, st, notice, http.StatusUnprocessableEntity, func(sv *stepView) { sv.Typed = typed })
}

// formError answers a form that could not be read: too large, or not a form.
func (h *handler) formError(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.problem(w, r, http.StatusRequestEntityTooLarge, "error.too_large")
		return
	}
	h.problem(w, r, http.StatusBadRequest, "error.form_bad")
}
