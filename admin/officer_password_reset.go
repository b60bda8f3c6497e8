package admin

import (
	"context"
	"net/http"
)

// resetOfficerPassword sets a temporary password, to be changed at next login,
// and ends the officer's sessions.
func (h *handler) resetOfficerPassword(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "password_reset", func(username string) (any, error) {
		if err := h.officers.SetPassword(r.Context(), username, r.PostFormValue("password"), true); err != nil {
			return nil, err
		}
		return nil, h.logoutByName(r.Context(), username)
	})
}

func (h *handler) resetOfficerTOTP(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "totp_reset", func(username string) (any, error) {
		if err := h.officers.ResetTOTP(r.Context(), username); err != nil {
			return nil, err
		}
		return nil, h.logoutByName(r.Context(), username)
	})
}

func (h *handler) logoutByName(ctx context.Context, username string) error {
	o, err := h.officers.ByUsername(ctx, username)
	if err != nil {
		return err
	}
	return h.officers.LogoutEverywhere(ctx, o.ID)
}
