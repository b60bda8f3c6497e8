package webreport

import (
	"net/http"

	"github.com/jmoiron/sqlx"
)

// receiptView is the receipt page's data.
type receiptView struct {
	Receipt string
	Now     bool // the report was "happening now": the emergency advice again
}

// showReceipt shows the receipt of the draft's submitted report, as often as
// asked until the reporter says it is written down or web.receipt_ttl has
// passed; after that it is gone for good, and the page says how to go on.
func (h *handler) showReceipt(w http.ResponseWriter, r *http.Request) {
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		if !d.submitted() || !h.now().Before(d.x.Until) {
			h.renderStatus(w, r, "", "receipt.gone", true, http.StatusOK)
			return nil
		}
		plain, err := h.keys.Open(d.x.Receipt)
		if err != nil {
			return err
		}
		v := h.view(r, "receipt")
		v.D = receiptView{Receipt: string(plain), Now: d.x.Urgent}
		h.render(w, v, http.StatusOK)
		return nil
	})
	if err != nil {
		h.fail(w, r, err)
	}
}
