package admin

import (
	"net/http"
	"strconv"
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
	operations.archive(h, w, r, h.queue.ArchiveOperation)
}

// operations is the list of operations as its page edits it.
var operations = managedList{path: "/operations", audit: "operation", saved: "operations.saved", fields: "field."}

func (h *handler) operationChanged(w http.ResponseWriter, r *http.Request, action string, id int64, detail map[string]any, err error) {
	operations.changed(h, w, r, action, id, detail, err)
}
