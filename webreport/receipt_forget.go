package webreport

import (
	"net/http"

	"github.com/jmoiron/sqlx"
)

// forgetReceipt erases the submitted draft and its sealed receipt once the
// reporter has written the code down.
func (h *handler) forgetReceipt(w http.ResponseWriter, r *http.Request) {
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		if d.d != nil && d.submitted() {
			return h.dropDraft(r.Context(), tx, w, d)
		}
		return nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderStatus(w, r, "", "receipt.forgotten", false, http.StatusOK)
}
