package queue

import (
	"regexp"
	"strings"
)

var (
	// A card number is 16 to 19 digits, written in one run or in groups of
	// four; other groupings are not read, so two phones side by side never
	// make a card.
	entityBankCardRe = regexp.MustCompile(`\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?`)
	// Words that say the next number is a bank card or account.
	entityBankMarkers = []string{"银行卡", "卡号", "账号", "帐号", "账户", "帐户", "转账", "打款", "汇款"}
	// An Alipay account after its marker: a mobile number, an e-mail address
	// or a login name.
	entityAlipayRe = regexp.MustCompile(`(支付宝|(?i:zfb|alipay))(?:账号|帐号|账户|帐户)? ?[:/]? ?((?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|[A-Za-z][A-Za-z0-9_]{5,24})`)
)

// bankCard accepts a number that passes the card check digit (Luhn), or any
// 16–19 digits right after a word such as 卡号 — some domestic cards and
// accounts carry no Luhn digit. An 18-digit resident ID number is never a
// card, even when it happens to pass Luhn.
func (s *entityText) bankCard(c *entityCandidate) (EntityKind, string, bool) {
	if !s.numberAlone(c.start, c.end) || entityLetter(s.after(c.end)) {
		return "", "", false
	}
	d := entityDigits(c.groups[0])
	if entityResidentID(d) {
		return "", "", false
	}
	if !entityLuhn(d) && !s.markedBy(c.start, entityBankMarkers) {
		return "", "", false
	}
	return EntityBankCard, d, true
}

func (s *entityText) alipay(c *entityCandidate) (EntityKind, string, bool) {
	marker, id := c.groups[1], c.groups[2]
	if entityLetter(rune(marker[0])) && entityLetter(s.before(c.start)) {
		return "", "", false
	}
	a := s.after(c.end)
	if entityAlnum(a) || a == '_' {
		return "", "", false
	}
	if !strings.Contains(id, "@") && (entityDigit(rune(id[0])) || id[0] == '+') {
		d := entityDigits(id)
		return EntityAlipay, d[len(d)-11:], true
	}
	return EntityAlipay, strings.ToLower(id), true
}

// markedBy reports whether one of markers ends at most six runes before
// start (room for "：" or "是 ").
func (s *entityText) markedBy(start int, markers []string) bool {
	from := max(start-6-8, 0)
	window := string(s.folded[from:start])
	for _, m := range markers {
		if i := strings.LastIndex(window, m); i >= 0 {
			gap := []rune(window[i+len(m):])
			if len(gap) <= 6 {
				return true
			}
		}
	}
	return false
}

// entityLuhn checks the card number's last digit (ISO/IEC 7812).
func entityLuhn(d string) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// entityResidentID reports whether d is a valid 18-digit resident ID number
// (GB 11643: a region, a birth date, a sequence and an ISO 7064 check digit).
func entityResidentID(d string) bool {
	if len(d) != 18 || d[0] == '0' {
		return false
	}
	month, day := d[10:12], d[12:14]
	if month < "01" || month > "12" || day < "01" || day > "31" || (d[6:8] != "19" && d[6:8] != "20") {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	return "10X98765432"[sum%11] == d[17]
}
