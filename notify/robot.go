package notify

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tipline/tipline/config"
)

// Each robot's limits, as its vendor documents them: WeCom and DingTalk take
// 20 messages a minute per robot, Feishu 100 a minute and 5 a second.
type rate struct{ perMinute, perSecond int }

var rates = map[string]rate{
	config.RobotWeCom:    {perMinute: 20},
	config.RobotDingTalk: {perMinute: 20},
	config.RobotFeishu:   {perMinute: 100, perSecond: 5},
}

// maxBytes is the longest text a robot takes in one message: WeCom's text
// is at most 2,048 bytes; DingTalk and Feishu take more, 4,000 keeps a
// message readable on a phone.
func maxBytes(kind string) int {
	if kind == config.RobotWeCom {
		return 2048
	}
	return 4000
}

// request builds the webhook call that says text through r, signed when r
// has a secret. Every kind gets plain text: a robot's markdown cannot quote
// what a reporter wrote (a place they typed) without it becoming a link.
func request(r config.Robot, text string, now time.Time) (*http.Request, error) {
	target := r.URL
	var body any
	switch r.Kind {
	case config.RobotWeCom:
		body = map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}
	case config.RobotDingTalk:
		body = map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}
		if r.Secret != "" {
			ts, sign := dingTalkSign(r.Secret, now)
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			target += sep + "timestamp=" + ts + "&sign=" + url.QueryEscape(sign)
		}
	case config.RobotFeishu:
		m := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
		if r.Secret != "" {
			ts, sign := feishuSign(r.Secret, now)
			m["timestamp"], m["sign"] = ts, sign
		}
		body = m
	default:
		return nil, fmt.Errorf("notify: robot %s: unknown kind %q", r.Name, r.Kind)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(b))
	if err != nil {
		// url.Parse quotes the URL, which holds the robot's key.
		return nil, fmt.Errorf("notify: robot %s: bad webhook URL", r.Name)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	return req, nil
}

// dingTalkSign signs a DingTalk call: HmacSHA256 keyed with the secret over
// "<ms timestamp>\n<secret>", in base64 (url-encoded by the caller).
func dingTalkSign(secret string, now time.Time) (ts, sign string) {
	ts = strconv.FormatInt(now.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	return ts, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// feishuSign signs a Feishu call: HmacSHA256 keyed with "<s timestamp>\n<secret>"
// over nothing, in base64.
func feishuSign(secret string, now time.Time) (ts, sign string) {
	ts = strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
	return ts, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// errRateLimited is a robot saying it takes no more for now.
var errRateLimited = errors.New("rate limited by the robot")

// Codes the robots answer when sent too much: WeCom 45009, DingTalk 130101
// (send too fast), Feishu 11232 (frequency limited).
var rateLimitCodes = map[string]int{config.RobotWeCom: 45009, config.RobotDingTalk: 130101, config.RobotFeishu: 11232}

// outcome reads a robot's answer: nil when it took the message,
// errRateLimited when it asks to slow down, another error otherwise. The
// robots answer HTTP 200 with an error code in the body for most refusals.
func outcome(kind string, status int, body []byte) error {
	if status == http.StatusTooManyRequests {
		return errRateLimited
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("HTTP %d", status)
	}
	var a struct {
		ErrCode       *int   `json:"errcode"`    // WeCom, DingTalk
		ErrMsg        string `json:"errmsg"`     // WeCom, DingTalk
		Code          *int   `json:"code"`       // Feishu
		Msg           string `json:"msg"`        // Feishu
		StatusCode    *int   `json:"StatusCode"` // Feishu, older answers
		StatusMessage string `json:"StatusMessage"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return fmt.Errorf("unreadable answer (HTTP %d)", status)
	}
	code, msg := a.ErrCode, a.ErrMsg
	if code == nil {
		code, msg = a.Code, a.Msg
	}
	if code == nil {
		code, msg = a.StatusCode, a.StatusMessage
	}
	switch {
	case code == nil:
		return fmt.Errorf("answer without a code (HTTP %d)", status)
	case *code == 0:
		return nil
	case *code == rateLimitCodes[kind]:
		return errRateLimited
	}
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return fmt.Errorf("error code %d: %s", *code, strings.ToValidUTF8(msg, ""))
}
