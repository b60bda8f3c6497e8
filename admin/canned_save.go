package admin

import (
	"net/http"
	"strconv"
)

// cannedQuestions is the list of canned questions as its page edits it.
var cannedQuestions = managedList{path: "/canned", audit: "canned", saved: "canned.saved", fields: "canned."}

// createCannedQuestion adds a question to the list.
func (h *handler) createCannedQuestion(w http.ResponseWriter, r *http.Request) {
	zh, en := r.PostFormValue("text_zh"), r.PostFormValue("text_en")
	c, err := h.queue.CreateCannedQuestion(r.Context(), zh, en)
	cannedQuestions.changed(h, w, r, "create", c.ID, map[string]any{"text_zh": zh, "text_en": en}, err)
}

// editCannedQuestion rewrites a question.
func (h *handler) editCannedQuestion(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	zh, en := r.PostFormValue("text_zh"), r.PostFormValue("text_en")
	cannedQuestions.changed(h, w, r, "edit", id, map[string]any{"text_zh": zh, "text_en": en},
		h.queue.EditCannedQuestion(r.Context(), id, zh, en))
}

// archiveCannedQuestion takes a question off the tips' list, or back onto it.
func (h *handler) archiveCannedQuestion(w http.ResponseWriter, r *http.Request) {
	cannedQuestions.archive(h, w, r, h.queue.ArchiveCannedQuestion)
}
