package admin

import (
	"net/http"

	"github.com/tipline/tipline/officer"
)

type officersData struct {
	Officers []officer.Officer
	Roles    []officer.Role
	// Failures by officer id: accounts some client is locked out of, or that
	// failed logins in the last day.
	Failures map[int64]officer.LoginFailures
}

func (h *handler) showOfficers(w http.ResponseWriter, r *http.Request) {
	list, err := h.officers.List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	failed, err := h.officers.FailedLogins(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := officersData{Officers: list, Roles: officer.Roles, Failures: map[int64]officer.LoginFailures{}}
	for _, f := range failed {
		d.Failures[f.OfficerID] = f
	}
	v := h.view(w, r, "officers")
	v.D = d
	h.render(w, r, v, http.StatusOK)
}
