package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tipline/tipline/queue"
)

// createOperation adds an operation to the list.
func (h *handler) createOperation(w http.ResponseWriter, r *http.Request) {
	zh, en := r.PostFormValue("name_zh"), r.PostFormValue("name_en")
	op, err := h.queue.CreateOperation(r.Context(), zh, en)
	h.operationChanged(w, r, "create", op.ID, map[string]any{"name_zh": zh, "name_en": en}, err)
}

// renameOperation changes an operation's names.
func (h *handler) renameOperation(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	zh, en := r.PostFormValue("name_zh"), r.PostFormValue("name_en")
	h.operationChanged(w, r, "rename", id, map[string]any{"name_zh": zh, "name_en": en},
		h.queue.RenameOperation(r.Context(), id, zh, en))
}

// archiveOperation takes an operation off (or back onto) the list offered for tags.
func (h *handler) archiveOperation(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	archived := r.PostFormValue("archived") == "1"
	action := "restore"
	if archived {
		action = "archive"
	}
	h.operationChanged(w, r, action, id, nil, h.queue.ArchiveOperation(r.Context(), id, archived))
}

// operationChanged answers a change of the list: a refusal names the field,
// a change made is audited and said.
func (h *handler) operationChanged(w http.ResponseWriter, r *http.Request, action string, id int64, detail map[string]any, err error) {
	o := currentOfficer(r)
	var inv *queue.InvalidError
	switch {
	case errors.As(err, &inv):
		h.flash(r, translate(o.Locale, "tip.invalid", translate(o.Locale, "field."+inv.Field)), false)
	case errors.Is(err, queue.ErrNotFound):
		h.notFound(w, r)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		if detail == nil {
			detail = map[string]any{}
		}
		detail["operation"] = id
		if err := h.record(r, o, "", "operation."+action, nil, detail); err != nil {
			h.unaudited(r, o)
		} else {
			h.flash(r, translate(o.Locale, "operations.saved"), true)
		}
	}
	http.Redirect(w, r, "/operations", http.StatusSeeOther)
}
