package webreport

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// rateTip takes the answer to a closed report's satisfaction question from
// its status page, for the tip of the page's grant (checked again, as every
// form of the page is).
func (h *handler) rateTip(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.formError(w, r, err)
		return
	}
	receipt, ok := h.grantReceipt(r.PostFormValue("grant"))
	if !ok {
		h.renderStatus(w, r, "", "status.grant_expired", true, http.StatusOK)
		return
	}
	notice := "satisfaction.thanks"
	if check, _ := h.checkForm(r.PostFormValue("ft"), r.PostFormValue(honeypot), 0); check != formOK {
		notice = "error.form_stale"
	}
	answer, _ := strconv.Atoi(r.PostFormValue("satisfaction"))
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		if notice == "satisfaction.thanks" {
			client, err := h.clients.forRequest(r.Context(), r, h.now())
			if err != nil {
				return err
			}
			tip, err := h.core.CheckReceipt(r.Context(), tx, intake.Key(client), receipt)
			if err != nil {
				return h.showTip(r.Context(), tx, w, r, receipt, "", statusView{})
			}
			var inv *queue.InvalidError
			switch err := h.core.Rate(r.Context(), tx, intake.Web, tip.TipID, queue.Satisfaction(answer)); {
			case errors.As(err, &inv):
				notice = "satisfaction.pick"
			case errors.Is(err, intake.ErrGone):
				notice = "dialogue.gone"
			case err != nil:
				return err
			}
		}
		return h.showTip(r.Context(), tx, w, r, receipt, notice, statusView{})
	})
	if err != nil {
		h.fail(w, r, err)
	}
}
