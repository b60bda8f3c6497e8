package webreport

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"
)

// A form token is the time its page was served, signed: a POST without one
// did not come from a page of ours, and one posted sooner than web.min_fill
// after its page came from a script. It names nothing and nobody.

const tokenMACLen = 16

// formToken signs the time a page is served.
func (h *handler) formToken(served time.Time) string {
	var b [8 + tokenMACLen]byte
	binary.BigEndian.PutUint64(b[:8], uint64(served.Unix()))
	copy(b[8:], h.tokenMAC(b[:8]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (h *handler) tokenMAC(stamp []byte) []byte {
	m := hmac.New(sha256.New, h.formKey)
	m.Write(stamp)
	return m.Sum(nil)[:tokenMACLen]
}

// tokenTime reads when a token's page was served; ok is false for a token
// that is missing, forged or from the future.
func (h *handler) tokenTime(token string, now time.Time) (served time.Time, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 8+tokenMACLen || !hmac.Equal(b[8:], h.tokenMAC(b[:8])) {
		return time.Time{}, false
	}
	sec := binary.BigEndian.Uint64(b[:8])
	if sec > uint64(now.Unix())+60 {
		return time.Time{}, false
	}
	return time.Unix(int64(sec), 0), true
}

// formCheck is what a posted form's token and honeypot say.
type formCheck int

const (
	formOK      formCheck = iota
	formBad               // no token, a forged one, or the honeypot filled
	formExpired           // served longer ago than a draft lives
	formQuick             // posted sooner than a person fills it
)

// honeypot is a field hidden from people (off-screen, skipped by the tab
// key, not autofilled); a script that fills every field fills it too.
const honeypot = "website"

// checkForm judges a posted form's token and honeypot. minFill is how soon
// after the page was served it may be posted: zero on steps where a quick
// tap is a person's.
func (h *handler) checkForm(token, trap string, minFill time.Duration) (formCheck, time.Time) {
	now := h.now()
	served, ok := h.tokenTime(token, now)
	switch {
	case !ok || trap != "":
		return formBad, served
	case now.Sub(served) > h.cfg.Web.DraftTTL.D():
		return formExpired, served
	case now.Sub(served) < minFill:
		return formQuick, served
	}
	return formOK, served
}
