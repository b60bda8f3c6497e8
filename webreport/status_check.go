package webreport

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// statusView is the data of the status pages: the form to enter a receipt,
// or what the reporter may see of their tip.
type statusView struct {
	Typed string // the receipt as typed, shown back after a wrong one
	Tip   *queue.ReporterView
	Grant string
	// Answer and Info are what the reporter typed into a form that could
	// not be taken, shown back; Question is the question answered.
	Answer, Info string
	Question     int64
	// Answers are the satisfaction question's, offered on a closed report.
	Answers []queue.Satisfaction
	// Images are the images sent with each question, as data: URLs (the
	// page's CSP allows them; an image's own address would need the grant
	// in a URL).
	Images map[int64][]template.URL
}

// checkStatus looks a receipt up, as a reporter may type it. A wrong code
// counts against the client's hourly limit (in the core); it is shown back
// so that a typo is corrected, not retyped.
func (h *handler) checkStatus(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.formError(w, r, err)
		return
	}
	typed := intake.TruncateRunes(intake.CleanText(r.PostFormValue("receipt")), 64)
	if check, _ := h.checkForm(r.PostFormValue("ft"), r.PostFormValue(honeypot), 0); check != formOK {
		h.renderStatus(w, r, typed, "error.form_stale", true, http.StatusUnprocessableEntity)
		return
	}
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		return h.showTip(r.Context(), tx, w, r, typed, "", statusView{})
	})
	if err != nil {
		h.fail(w, r, err)
	}
}

// showTip checks receipt and renders the status of its tip with a notice;
// a wrong receipt or the limit shows the form again.
func (h *handler) showTip(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, r *http.Request, receipt, notice string, sv statusView) error {
	client, err := h.clients.forRequest(ctx, r, h.now())
	if err != nil {
		return err
	}
	limited, err := h.webLimited(ctx, tx, intake.Key(client), intake.LimitWrongReceipts, time.Hour, h.cfg.Web.ChecksPerHour)
	if err != nil {
		return err
	}
	if limited {
		h.renderStatus(w, r, receipt, "status.limited", true, http.StatusTooManyRequests)
		return nil
	}
	tip, err := h.core.CheckReceipt(ctx, tx, intake.Key(client), receipt)
	switch {
	case errors.Is(err, intake.ErrLimited):
		h.renderStatus(w, r, receipt, "status.limited", true, http.StatusTooManyRequests)
		return nil
	case errors.Is(err, intake.ErrWrongReceipt):
		h.renderStatus(w, r, receipt, "status.wrong", true, http.StatusOK)
		return nil
	case err != nil:
		return fmt.Errorf("webreport: unable to check a receipt: %w", err)
	}
	v := h.view(r, "status_view")
	if notice != "" {
		v.Notice = translate(v.Locale, notice)
	}
	sv.Tip = &tip
	sv.Answers = queue.Satisfactions
	sv.Images = questionImageURLs(tip.QuestionImages)
	sv.Grant = h.grantFor(receipt, h.now().Add(h.cfg.Web.DraftTTL.D()))
	v.D = sv
	h.render(w, v, http.StatusOK)
	return nil
}

// questionImageURLs turns the questions' images into data: URLs. Only the
// image types the cleaner keeps are written; anything else is left out.
func questionImageURLs(images map[int64][]queue.QuestionImage) map[int64][]template.URL {
	out := map[int64][]template.URL{}
	for q, imgs := range images {
		for _, img := range imgs {
			switch img.MIME {
			case "image/jpeg", "image/png", "image/webp", "image/gif":
				out[q] = append(out[q], template.URL("data:"+img.MIME+";base64,"+base64.StdEncoding.EncodeToString(img.Data))) //nolint:gosec // a cleaned image of a known type, base64
			}
		}
	}
	return out
}
