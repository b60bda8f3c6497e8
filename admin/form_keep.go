package admin

import (
	"encoding/json"
	"net/http"
)

// sessKept holds what was typed in a form that was refused: the page the
// officer is sent back to shows it again instead of an empty form.
const sessKept = "kept_form"

// keepForm remembers the named fields of the posted form under form (a
// name the page asks Kept for). Never a password: those are typed again.
func (h *handler) keepForm(r *http.Request, form string, fields ...string) {
	kept := map[string]string{"": form}
	for _, f := range fields {
		kept[f] = r.PostFormValue(f)
	}
	b, err := json.Marshal(kept)
	if err != nil {
		return
	}
	h.sessions.Put(r.Context(), sessKept, string(b))
}

// Kept is a field of the form refused just before, or "" for any other form.
// The kept form is read once, on the first page that asks.
func (v *view) Kept(form, field string) string {
	if v.kept == nil {
		v.kept = map[string]string{}
		if s := v.h.sessions.PopString(v.ctx, sessKept); s != "" {
			_ = json.Unmarshal([]byte(s), &v.kept)
		}
	}
	if v.kept[""] != form {
		return ""
	}
	return v.kept[field]
}
