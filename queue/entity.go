package queue

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// EntityKind names what an extracted entity is.
type EntityKind string

const (
	EntityPhone    EntityKind = "phone"
	EntityTelegram EntityKind = "telegram"
	EntityWeChat   EntityKind = "wechat"
	EntityPlate    EntityKind = "plate"
	EntityURL      EntityKind = "url"
	EntityParcel   EntityKind = "parcel"    // a courier's tracking number
	EntityBankCard EntityKind = "bank_card" // a bank card or account number
	EntityAlipay   EntityKind = "alipay"    // an Alipay account (phone, e-mail or id)
)

// Entity is a contact point or identifier found in a tip's text. Tips that
// share an entity (same Kind and Value) corroborate each other, so Value is
// normalised: the same phone written "138-1234-5678" or "+86 １３８１２３４５６７８"
// gives one Value. Raw is the text as the reporter wrote it, for display.
type Entity struct {
	Kind  EntityKind
	Value string
	Raw   string
}

// ExtractEntities finds phone numbers, Telegram handles and links, WeChat ids,
// licence plates, URLs, parcel tracking numbers, bank cards and Alipay
// accounts in text (a description, a forwarded post's text or
// its origin). The result is de-duplicated by (Kind, Value) and ordered by
// first appearance; it is nil when nothing is found.
//
// Matching errs on the side of precision: a wrong link between two tips costs
// an officer's time, a missed one only a hint. So digits inside a longer run
// (ID card, bank card, order number) are never a phone, a WeChat id counts
// only after a marker such as 微信 or VX, and an e-mail address is not a
// Telegram handle. A t.me link gives a Telegram entity, not also a URL; a
// phone or handle inside a URL is part of the URL. A phone written after a
// WeChat marker gives both a wechat and a phone entity, since other tips may
// mention it either way.
func ExtractEntities(text string) []Entity {
	matches := entityScan(text)
	if len(matches) == 0 {
		return nil
	}
	out := make([]Entity, 0, len(matches))
	seen := make(map[Entity]bool, len(matches))
	for _, m := range matches {
		key := Entity{Kind: m.Kind, Value: m.Value}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, m.Entity)
	}
	return out
}

// entityMatch is an entity with its place in the text, in runes.
type entityMatch struct {
	Entity
	start, end int
}

var (
	// Mainland mobile, optionally after +86 / 0086 / 86, grouped 3-4-4 at most.
	entityMobileRe = regexp.MustCompile(`(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}`)
	// Landline with its area code: 01x/02x take 8-digit numbers, the
	// 4-digit codes 7 or 8 digits; local numbers never start with 0 or 1.
	entityLandlineRe = regexp.MustCompile(`0(?:[12]\d\)?[ -]?[2-9]\d{3}|[3-9]\d{2}\)?[ -]?[2-9]\d{2,3})[ -]?\d{4}`)
	entityHandleRe   = regexp.MustCompile(`@([A-Za-z][A-Za-z0-9_]{4,31})`)
	entityTmeRe      = regexp.MustCompile(`(?i)(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?(\+[a-z0-9_-]{6,}|joinchat/[a-z0-9_-]{6,}|[a-z][a-z0-9_]{4,31})`)
	entityURLRe      = regexp.MustCompile(`(?i)https?://[a-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+`)
	entityWeChatRe   = regexp.MustCompile(`(微信|威信|薇信|[Vv]信|加[Vv]|(?i:wechat|vx|wx))号? ?([:/])? ?(wxid_[A-Za-z0-9_-]{4,24}|[A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d[ -]?\d{4}[ -]?\d{4})`)
	entityWxidRe     = regexp.MustCompile(`wxid_[A-Za-z0-9_-]{4,24}`)
	// "13812345678（微信同号）": the WeChat id is the phone number.
	entitySameNumberRe = regexp.MustCompile(`((?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4})[ ,，、;；(（]*(?:微信|威信|薇信|[Vv]信|(?i:vx|wx|v))同号`)
	entityPlateRe      = regexp.MustCompile(`([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]) ?([A-Za-z])[·\- ]?([DdFf][A-HJ-NP-Za-hj-np-z0-9]\d{4}|\d{5}[DdFf]|[A-Za-z0-9]{4}[挂学警港澳]|[A-Za-z0-9]{5})`)
)

// entityScan finds every entity occurrence, in order of appearance.
func entityScan(text string) []entityMatch {
	src := []rune(text)
	folded := make([]rune, len(src))
	for i, r := range src {
		folded[i] = entityFold(r)
	}
	s := &entityText{src: src, folded: folded, str: string(folded), claimed: make([]bool, len(src))}
	s.runeAt = make([]int, len(s.str)+1)
	for i, n := 0, 0; i <= len(s.str); n++ {
		s.runeAt[i] = n
		if i == len(s.str) {
			break
		}
		_, size := utf8.DecodeRuneInString(s.str[i:])
		for j := 1; j < size; j++ {
			s.runeAt[i+j] = n
		}
		i += size
	}

	// Links claim their span first, so their insides are not read again as
	// phones or handles.
	s.scan(entityTmeRe, s.telegramLink, true)
	s.scan(entityURLRe, s.url, true)
	s.scan(entityMobileRe, s.mobile, false)
	s.scan(entityLandlineRe, s.landline, false)
	s.scan(entityHandleRe, s.handle, false)
	s.scan(entityWeChatRe, s.wechat, false)
	s.scan(entityWxidRe, s.wxid, false)
	s.scan(entitySameNumberRe, s.sameNumber, false)
	s.scan(entityPlateRe, s.plate, false)
	s.scan(entityParcelRe, s.parcel, false)
	s.scan(entityParcelNumberRe, s.parcelNumber, false)
	s.scan(entityBankCardRe, s.bankCard, false)
	s.scan(entityAlipayRe, s.alipay, false)

	sort.SliceStable(s.found, func(i, j int) bool { return s.found[i].start < s.found[j].start })
	return s.found
}

type entityText struct {
	src, folded []rune // as written; folded to ASCII where full-width (same length)
	str         string // folded as a string, for the regexps
	runeAt      []int  // byte offset in str → rune index
	claimed     []bool // runes inside a link
	found       []entityMatch
}

// entityFold maps full-width ASCII, the ideographic space and dash and dot
// variants to one form each, rune for rune, so Raw can be cut from the
// original by the same indices.
func entityFold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000 || r == 0x00A0:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return '-'
	case r == 0x2022 || r == 0x30FB || r == 0xFF65 || r == 0x2027:
		return '·'
	}
	return r
}

// entityCandidate is one regexp match: rune span and submatches (folded text).
type entityCandidate struct {
	start, end int
	groups     []string
}

func (s *entityText) scan(re *regexp.Regexp, accept func(c *entityCandidate) (EntityKind, string, bool), claim bool) {
	for _, loc := range re.FindAllStringSubmatchIndex(s.str, -1) {
		c := &entityCandidate{start: s.runeAt[loc[0]], end: s.runeAt[loc[1]]}
		for g := 0; g < len(loc); g += 2 {
			if loc[g] < 0 {
				c.groups = append(c.groups, "")
				continue
			}
			c.groups = append(c.groups, s.str[loc[g]:loc[g+1]])
		}
		kind, value, ok := accept(c)
		if !ok || s.overlapsClaim(c.start, c.end) {
			continue
		}
		if claim {
			for i := c.start; i < c.end; i++ {
				s.claimed[i] = true
			}
		}
		s.found = append(s.found, entityMatch{
			Entity: Entity{Kind: kind, Value: value, Raw: string(s.src[c.start:c.end])},
			start:  c.start, end: c.end,
		})
	}
}

func (s *entityText) overlapsClaim(start, end int) bool {
	for i := start; i < end; i++ {
		if s.claimed[i] {
			return true
		}
	}
	return false
}

// before and after return the folded rune next to a span, or 0 at the edges.
func (s *entityText) before(i int) rune {
	if i <= 0 {
		return 0
	}
	return s.folded[i-1]
}

func (s *entityText) after(i int) rune {
	if i >= len(s.folded) {
		return 0
	}
	return s.folded[i]
}

func entityDigit(r rune) bool  { return r >= '0' && r <= '9' }
func entityLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func entityAlnum(r rune) bool  { return entityDigit(r) || entityLetter(r) }
func entityDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if entityDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// numberAlone reports whether the digits at [start, end) stand alone: not
// glued to more digits and, when written in groups, not one group of a
// longer grouped number (a bank card written "6222 0213 8123 4567"). The
// price: two grouped phones with only a space between them ("138 1234 5678
// 139 1234 5678") are both skipped, as a reader could not split them either.
func (s *entityText) numberAlone(start, end int) bool {
	if entityDigit(s.before(start)) || entityDigit(s.after(end)) {
		return false
	}
	grouped := strings.ContainsAny(string(s.folded[start:end]), " -")
	if !grouped {
		return true
	}
	sep := func(r rune) bool { return r == ' ' || r == '-' || r == '.' }
	if sep(s.before(start)) && entityDigit(s.before(start-1)) {
		return false
	}
	if sep(s.after(end)) && entityDigit(s.after(end+1)) {
		return false
	}
	return true
}

func (s *entityText) mobile(c *entityCandidate) (EntityKind, string, bool) {
	if !s.numberAlone(c.start, c.end) {
		return "", "", false
	}
	d := entityDigits(c.groups[0])
	return EntityPhone, d[len(d)-11:], true
}

func (s *entityText) landline(c *entityCandidate) (EntityKind, string, bool) {
	if strings.Contains(c.groups[0], ")") {
		// "(0731)5555 1234": the bracket belongs to the number.
		if s.before(c.start) != '(' {
			return "", "", false
		}
		c.start--
	}
	if !s.numberAlone(c.start, c.end) {
		return "", "", false
	}
	return EntityPhone, entityDigits(c.groups[0]), true
}

func (s *entityText) handle(c *entityCandidate) (EntityKind, string, bool) {
	// Not the domain of an e-mail address, not a longer name cut short, not
	// "@example.com".
	b := s.before(c.start)
	if entityAlnum(b) || strings.ContainsRune("_.+-%", b) {
		return "", "", false
	}
	a := s.after(c.end)
	if entityAlnum(a) || a == '_' || a == '.' && entityLetter(s.after(c.end+1)) {
		return "", "", false
	}
	return EntityTelegram, "@" + strings.ToLower(c.groups[1]), true
}

func (s *entityText) telegramLink(c *entityCandidate) (EntityKind, string, bool) {
	b := s.before(c.start)
	if entityAlnum(b) || strings.ContainsRune("_.-/@", b) {
		return "", "", false
	}
	path := c.groups[1]
	switch {
	case strings.HasPrefix(path, "+"):
		// Invite hashes are case-sensitive: keep them as written.
		return EntityTelegram, "t.me/" + path, true
	case strings.HasPrefix(strings.ToLower(path), "joinchat/"):
		return EntityTelegram, "t.me/+" + path[len("joinchat/"):], true
	}
	a := s.after(c.end)
	if entityAlnum(a) || a == '_' || strings.EqualFold(path, "joinchat") {
		return "", "", false
	}
	return EntityTelegram, "@" + strings.ToLower(path), true
}

func (s *entityText) url(c *entityCandidate) (EntityKind, string, bool) {
	u := c.groups[0]
	// Sentence punctuation after a link is not part of it; a closing bracket
	// is, when the link opened it (Wikipedia-style paths).
	for len(u) > 0 {
		last := u[len(u)-1]
		if !strings.ContainsRune(".,;:!?)]'\"", rune(last)) {
			break
		}
		if last == ')' && strings.Count(u, "(") >= strings.Count(u, ")") {
			break
		}
		u = u[:len(u)-1]
		c.end--
	}
	sep := strings.Index(u, "://")
	rest := u[sep+3:]
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host := rest[:hostEnd]
	if host == "" || strings.Trim(host, ".:@-") == "" {
		return "", "", false
	}
	return EntityURL, strings.ToLower(u[:sep+3]+host) + rest[hostEnd:], true
}

func (s *entityText) wechat(c *entityCandidate) (EntityKind, string, bool) {
	marker, id := c.groups[1], c.groups[3]
	if latin := entityLetter(rune(marker[0])); latin || strings.HasPrefix(marker, "加") {
		// "vx"/"wx" are only markers as whole words, and a Latin id glued to
		// a Latin marker ("wxid_…", "wxyz", "加vice_2024") is not an id
		// after a marker.
		if latin && entityLetter(s.before(c.start)) {
			return "", "", false
		}
		glued := c.groups[0][len(marker):len(c.groups[0])-len(id)] == ""
		if glued && entityLetter(rune(id[0])) {
			return "", "", false
		}
	}
	if entityDigit(rune(id[0])) {
		if entityDigit(s.after(c.end)) {
			return "", "", false
		}
		return EntityWeChat, entityDigits(id), true
	}
	a := s.after(c.end)
	if entityAlnum(a) || a == '_' || a == '-' {
		return "", "", false
	}
	return EntityWeChat, strings.ToLower(id), true
}

func (s *entityText) wxid(c *entityCandidate) (EntityKind, string, bool) {
	b, a := s.before(c.start), s.after(c.end)
	if entityAlnum(b) || b == '_' || entityAlnum(a) || a == '_' || a == '-' {
		return "", "", false
	}
	return EntityWeChat, strings.ToLower(c.groups[0]), true
}

func (s *entityText) sameNumber(c *entityCandidate) (EntityKind, string, bool) {
	number := len([]rune(c.groups[1]))
	if !s.numberAlone(c.start, c.start+number) {
		return "", "", false
	}
	d := entityDigits(c.groups[1])
	return EntityWeChat, d[len(d)-11:], true
}

func (s *entityText) plate(c *entityCandidate) (EntityKind, string, bool) {
	if entityAlnum(s.after(c.end)) {
		return "", "", false
	}
	return EntityPlate, c.groups[1] + strings.ToUpper(c.groups[2]+c.groups[3]), true
}
