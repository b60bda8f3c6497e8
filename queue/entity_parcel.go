package queue

import (
	"regexp"
	"strings"
)

var (
	// Tracking numbers that carry their courier's prefix: 顺丰 SF + 12–13
	// digits, 京东 JD (+ up to four letters) + 10–15 digits, 圆通 YT and
	// 极兔 JT + 13 digits, 德邦 DPK + 12 digits, and the UPU form of EMS and
	// China Post's international mail (two letters, nine digits, CN).
	entityParcelRe = regexp.MustCompile(`(?i)(?:SF\d{12,13}|JD[A-Z]{0,4}\d{10,15}|[YJ]T\d{13}|DPK\d{12}|[A-Z]{2}\d{9}CN)`)
	// 中通, 申通, 韵达 and domestic EMS numbers are digits only, 12 to 15 of
	// them, which an order or account number can be too: they count only
	// right after a word that says a parcel is meant.
	entityParcelNumberRe = regexp.MustCompile(`(?:快递|单号|运单|物流|包裹|寄件|邮件)[^0-9\n]{0,6}?(\d{12,15})`)
)

func (s *entityText) parcel(c *entityCandidate) (EntityKind, string, bool) {
	if entityAlnum(s.before(c.start)) || entityAlnum(s.after(c.end)) {
		return "", "", false
	}
	return EntityParcel, strings.ToUpper(c.groups[0]), true
}

func (s *entityText) parcelNumber(c *entityCandidate) (EntityKind, string, bool) {
	number := len(c.groups[1])
	c.start = c.end - number
	if entityAlnum(s.before(c.start)) || entityDigit(s.after(c.end)) {
		return "", "", false
	}
	return EntityParcel, c.groups[1], true
}
