package webreport

import (
	"encoding/base64"
	"encoding/binary"
	"time"
)

// A status grant lets the page of a checked receipt answer questions and add
// information without the reporter typing the code again and without the
// code appearing in a URL: the receipt and an expiry, sealed with the seal
// key, in a hidden field of the page's forms. Only this server can open it.

// grantFor seals receipt until the given time.
func (h *handler) grantFor(receipt string, until time.Time) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(until.Unix()))
	b = append(b, receipt...)
	return base64.RawURLEncoding.EncodeToString(h.keys.Seal(b))
}

// grantReceipt opens a grant; ok is false for a forged or expired one.
func (h *handler) grantReceipt(grant string) (receipt string, ok bool) {
	sealed, err := base64.RawURLEncoding.DecodeString(grant)
	if err != nil {
		return "", false
	}
	b, err := h.keys.Open(sealed)
	if err != nil || len(b) < 8 {
		return "", false
	}
	if time.Unix(int64(binary.BigEndian.Uint64(b[:8])), 0).Before(h.now()) {
		return "", false
	}
	return string(b[8:]), true
}
