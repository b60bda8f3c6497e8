package webreport

import (
	"errors"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// submitReport hands the draft to the core and shows the receipt page. The
// draft row is locked for the transaction, so a double tap, a refresh or the
// back button meets a draft already submitted and is shown the first
// submit's receipt: one draft makes at most one tip.
func (h *handler) submitReport(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.formError(w, r, err)
		return
	}
	check, _ := h.checkForm(r.PostFormValue("ft"), r.PostFormValue(honeypot), 0)
	submitted := false
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		if d.submitted() {
			submitted = true
			return nil
		}
		if d.d == nil || d.d.Report == nil {
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepCategory, "error.draft_gone", http.StatusOK)
		}
		// A person reads five pages; a script posts at once.
		if check == formOK && h.now().Sub(d.x.Started) < h.cfg.Web.MinFill.D() {
			check = formQuick
		}
		if check != formOK {
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepReview, "error.form_stale", http.StatusUnprocessableEntity)
		}
		client, err := h.clients.forRequest(r.Context(), r, h.now())
		if err != nil {
			return err
		}
		limited, err := h.webLimited(r.Context(), tx, intake.Key(client), intake.LimitTips, 24*time.Hour, h.cfg.Web.ReportsPerDay)
		if err != nil {
			return err
		}
		if limited {
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepReview, "report.limit_tips", http.StatusTooManyRequests)
		}
		// No ReporterRef: the core draws one for the tip alone, so that
		// nothing links two reports of one person.
		tip, receipt, err := h.core.Submit(r.Context(), tx, d.key, d.d.Report, intake.SubmitOptions{
			Channel:  intake.Web,
			Locale:   locale(r),
			LimitKey: intake.Key(client),
		})
		var incomplete *intake.IncompleteError
		switch {
		case errors.As(err, &incomplete):
			notice := "step.missing"
			if incomplete.Short {
				notice = "report.description.short"
			}
			return h.renderStep(r.Context(), tx, w, r, d, incomplete.Step, notice, http.StatusUnprocessableEntity)
		case errors.Is(err, intake.ErrLimited):
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepReview, "report.limit_tips", http.StatusTooManyRequests)
		case errors.Is(err, intake.ErrRefused), errors.Is(err, intake.ErrBlocked):
			return h.renderStep(r.Context(), tx, w, r, d, intake.StepReview, "report.invalid", http.StatusUnprocessableEntity)
		case err != nil:
			return err
		}
		urgent := d.d.Report.Occurred == string(queue.OccurredNow)
		d.d.Report = nil
		d.x = extra{Started: d.x.Started, Tip: tip, Receipt: h.keys.Seal([]byte(receipt)),
			Until: h.now().Add(h.cfg.Web.ReceiptTTL.D()), Urgent: urgent}
		if err := h.saveDraft(r.Context(), tx, w, d); err != nil {
			return err
		}
		submitted = true
		return nil
	})
	switch {
	case err != nil:
		h.fail(w, r, err)
	case submitted:
		http.Redirect(w, r, "/r/receipt", http.StatusSeeOther)
	}
}
