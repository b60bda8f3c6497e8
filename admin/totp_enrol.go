package admin

import (
	"errors"
	"net/http"

	"github.com/tipline/tipline/officer"
)

type totpData struct {
	Enrolled bool
	Secret   string
	Required bool
}

// showTOTPEnrol starts (or shows the pending) enrolment: a QR code and the secret.
func (h *handler) showTOTPEnrol(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	v := h.view(w, r, "totp_enrol")
	d := totpData{Enrolled: o.TOTPEnrolled, Required: h.totpRequired(o.Role)}
	if !o.TOTPEnrolled {
		e, err := h.officers.PendingTOTP(r.Context(), o.ID)
		if errors.Is(err, officer.ErrNotEnrolled) {
			e, err = h.officers.EnrolTOTP(r.Context(), o.ID)
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		d.Secret = e.Secret
	}
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

func (h *handler) showTOTPQR(w http.ResponseWriter, r *http.Request) {
	e, err := h.officers.PendingTOTP(r.Context(), currentOfficer(r).ID)
	if errors.Is(err, officer.ErrNotEnrolled) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(e.QRPNG)
}

func (h *handler) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	err := h.officers.ConfirmTOTP(r.Context(), o.ID, r.PostFormValue("code"))
	if errIs(err, officer.ErrBadCode, officer.ErrNotEnrolled) {
		h.flash(r, translate(o.Locale, "login.bad_code"), false)
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.record(r, o, "", "account.totp_enrol", nil, nil); err != nil {
		h.unaudited(r, o)
	} else {
		h.flash(r, translate(o.Locale, "totp.enrolled"), true)
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
