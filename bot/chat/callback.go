package chat

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// onCallback dispatches a button press. The data is "<verb>:<arg>"; buttons
// come from Telegram clients and are checked like any input.
func (s *session) onCallback(data string) error {
	verb, arg, _ := strings.Cut(data, ":")
	switch verb {
	case "m":
		return s.onMenu(arg)
	case "l":
		return s.chooseLanguage(arg)
	case "edu":
		return s.showEducation(arg)
	case "h":
		return s.askCounsellor()
	case "q", "i":
		return s.onTipButton(verb, arg)
	case "s":
		return s.onSatisfaction(arg)
	case "u":
		return s.onHeldFile(arg)
	case "c", "a", "ap", "o", "d", "e", "k", "r", "x":
		return s.onReportButton(verb, arg)
	}
	return s.answerCallback(tr(s.locale, "stale.button"), false)
}

func (s *session) onMenu(arg string) error {
	switch arg {
	case "report":
		s.clearMode()
		return s.startReport()
	case "status":
		s.clearMode()
		return s.askReceipt()
	case "self":
		return s.showSelfHelp()
	case "privacy":
		return s.showPrivacy()
	case "lang":
		return s.showLanguages()
	case "new":
		s.cbMsgID = 0
	}
	s.clearMode()
	return s.showMenu("menu.again")
}

// Buttons that name a tip ("Answer", "Add information") carry a MAC over
// what they name, so that a forged press cannot reach another reporter's tip.

func (c *Conversation) sign(parts ...string) string {
	m := hmac.New(sha256.New, c.buttonKey)
	m.Write([]byte(strings.Join(parts, ":")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:12])
}

// answerData is the data of an "Answer" button for question q of tip.
func (c *Conversation) answerData(tip, q int64) string {
	t, d := strconv.FormatInt(tip, 10), strconv.FormatInt(q, 10)
	return "q:" + t + ":" + d + ":" + c.sign("q", t, d)
}

// addInfoData is the data of an "Add information" button for tip.
func (c *Conversation) addInfoData(tip int64) string {
	t := strconv.FormatInt(tip, 10)
	return "i:" + t + ":" + c.sign("i", t)
}

// verify reads the ids of a signed button; ok is false for forgeries.
func (c *Conversation) verify(verb, arg string) (tip, q int64, ok bool) {
	fields := strings.Split(arg, ":")
	want := 2
	if verb == "q" || verb == "s" {
		want = 3 // a question's or an answer's number follows the tip's
	}
	if len(fields) != want {
		return 0, 0, false
	}
	mac := fields[len(fields)-1]
	ids := fields[:len(fields)-1]
	if !hmac.Equal([]byte(mac), []byte(c.sign(append([]string{verb}, ids...)...))) {
		return 0, 0, false
	}
	tip, err := strconv.ParseInt(ids[0], 10, 64)
	if err != nil {
		return 0, 0, false
	}
	if want == 3 {
		if q, err = strconv.ParseInt(ids[1], 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return tip, q, true
}
