package admin

import (
	"net/http"

	"github.com/tipline/tipline/officer"
)

func (h *handler) setOfficerRole(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "role", func(username string) (any, error) {
		role := officer.Role(r.PostFormValue("role"))
		if username == currentOfficer(r).Username && role != officer.RoleAdmin {
			// An administrator cannot demote themselves and lock everyone out.
			return nil, officer.ErrInvalid
		}
		return map[string]string{"role": string(role)}, h.officers.SetRole(r.Context(), username, role)
	})
}
