package admin

import "net/http"

// unlockOfficer ends every client's lockout of an account and its one-time
// code lock, for an administrator who has checked with the account's owner.
func (h *handler) unlockOfficer(w http.ResponseWriter, r *http.Request) {
	h.changeOfficer(w, r, "unlock", func(username string) (any, error) {
		return nil, h.officers.Unlock(r.Context(), username)
	})
}
