package admin

import (
	"net/http"

	"github.com/tipline/tipline/officer"
)

// createOfficer makes an account with a temporary password the officer must change.
func (h *handler) createOfficer(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "create", func(username string) (any, error) {
		role := officer.Role(r.PostFormValue("role"))
		o, err := h.officers.Create(r.Context(), username, role, r.PostFormValue("password"))
		if err != nil {
			return nil, err
		}
		if name := r.PostFormValue("display_name"); name != "" {
			if err := h.officers.SetDisplayName(r.Context(), o.ID, name); err != nil {
				return nil, err
			}
		}
		return map[string]string{"role": string(role)}, h.officers.RequirePasswordChange(r.Context(), o.ID)
	})
}
