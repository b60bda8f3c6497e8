package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

func (h *handler) noteTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "note", func(r *http.Request, by queue.Actor, id int64, _ int) (any, error) {
		n, err := h.queue.AddNote(r.Context(), by, id, r.PostFormValue("body"))
		return map[string]int64{"note_id": n.ID}, err
	})
}
