package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Notify says where the office hears from Tipline besides Telegram: the
// group robots of the office's own messaging (企业微信, 钉钉, 飞书), which
// officers in mainland China can open, and what alerts say.
type Notify struct {
	Robots []Robot       `yaml:"robots"`
	Alerts AlertSettings `yaml:"alerts"`
}

// Robot kinds: the group robots whose webhooks Tipline speaks.
const (
	RobotWeCom    = "wecom"
	RobotDingTalk = "dingtalk"
	RobotFeishu   = "feishu"
)

// Notices a robot may be given.
const (
	NoticeAlerts      = "alerts"      // urgent tips and missed triage deadlines, for the duty officers
	NoticeEscalations = "escalations" // urgent tips left unclaimed, overdue feedback and rewards, for supervisors
	NoticeDigests     = "digests"     // the daily and weekly digests
)

// Robot is one group robot's webhook. URL and Secret are secrets: whoever
// has them posts into the office's group.
type Robot struct {
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	URL     string   `yaml:"url"`
	Secret  string   `yaml:"secret"`
	Notices []string `yaml:"notices"`
}

// Gets reports whether the robot is given that notice.
func (r Robot) Gets(notice string) bool { return slices.Contains(r.Notices, notice) }

// AlertSettings shape urgent-tip alerts.
type AlertSettings struct {
	// IncludeDescription puts the start of the tip's description in an
	// urgent alert. Off by default: a robot's group is a third party's
	// server, and its members need not all read tips.
	IncludeDescription bool `yaml:"include_description"`
	// EscalateAfter: an urgent tip nobody has claimed by then is escalated
	// to supervisors.
	EscalateAfter Duration `yaml:"escalate_after"`
}

// DefaultAlertSettings are the alert settings of Default.
func DefaultAlertSettings() AlertSettings {
	return AlertSettings{EscalateAfter: Duration(15 * time.Minute)}
}

// RobotsFor lists the robots given a notice.
func (n Notify) RobotsFor(notice string) []Robot {
	var out []Robot
	for _, r := range n.Robots {
		if r.Gets(notice) {
			out = append(out, r)
		}
	}
	return out
}

// AlertChannels names the channels urgent alerts reach: the robots given
// alerts and the Telegram duty chat when a bot runs to send there. Empty
// means an urgent tip pings nobody.
func (c *Config) AlertChannels() []string {
	var out []string
	for _, r := range c.Notify.RobotsFor(NoticeAlerts) {
		out = append(out, r.Kind+":"+r.Name)
	}
	if c.Jobs.DutyChat != 0 && c.Bot.Mode != "" && c.Bot.Mode != "sandbox" {
		out = append(out, "telegram:jobs.duty_chat")
	}
	return out
}

// validateNotify checks the robots without ever quoting a URL or a secret.
func (c *Config) validateNotify(bad func(key, format string, args ...any)) {
	seen := map[string]bool{}
	for i, r := range c.Notify.Robots {
		key := fmt.Sprintf("notify.robots[%d]", i)
		if !codePattern.MatchString(r.Name) {
			bad(key+".name", "must be 1–32 of a-z, 0-9 and _, got %q", r.Name)
		} else if seen[r.Name] {
			bad(key+".name", "%q appears twice", r.Name)
		}
		seen[r.Name] = true
		host := map[string]string{RobotWeCom: "qyapi.weixin.qq.com", RobotDingTalk: "oapi.dingtalk.com", RobotFeishu: "open.feishu.cn"}[r.Kind]
		if host == "" {
			bad(key+".kind", "must be wecom, dingtalk or feishu, got %q", r.Kind)
		}
		u, err := url.Parse(r.URL)
		switch {
		case r.URL == "":
			bad(key+".url", "is required: the robot's webhook address (e.g. https://%s/…)", host)
		case err != nil || u.Host == "" || u.User != nil:
			bad(key+".url", "is not an absolute URL (not shown: it is a secret)")
		case u.Scheme != "https" && !localURL(r.URL):
			bad(key+".url", "must be https (not shown: it is a secret)")
		}
		if r.Kind == RobotWeCom && r.Secret != "" {
			bad(key+".secret", "must be empty: WeCom group robots are not signed (their key is in the URL)")
		}
		if strings.TrimSpace(r.Secret) != r.Secret {
			bad(key+".secret", "has spaces around it")
		}
		if len(r.Notices) == 0 {
			bad(key+".notices", "must list at least one of alerts, escalations, digests")
		}
		for _, n := range r.Notices {
			if n != NoticeAlerts && n != NoticeEscalations && n != NoticeDigests {
				bad(key+".notices", "unknown notice %q (alerts, escalations or digests)", n)
			}
		}
	}
	if c.Notify.Alerts.EscalateAfter <= 0 {
		bad("notify.alerts.escalate_after", "must be a positive duration such as 15m")
	}
}
