package admin

import (
	"net/http"

	"github.com/tipline/tipline/queue"
)

// labelTip puts a label on a tip: an operation's name picks the operation,
// any other word is a free label.
func (h *handler) labelTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "label", func(r *http.Request, by queue.Actor, id int64, _ int) (any, error) {
		label := r.PostFormValue("label")
		return map[string]string{"label": label}, h.queue.AddLabel(r.Context(), by, id, label)
	})
}

// unlabelTip takes a label off a tip.
func (h *handler) unlabelTip(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "unlabel", func(r *http.Request, by queue.Actor, id int64, _ int) (any, error) {
		key := r.PostFormValue("key")
		return map[string]string{"label": key}, h.queue.RemoveLabel(r.Context(), by, id, key)
	})
}
