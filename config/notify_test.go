package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A bad robot is refused by its key, and the error never quotes the
// webhook's URL or secret.
func TestBadRobotNamesTheKeyNotTheSecret(t *testing.T) {
	const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY"
	robot := func(fields string) string {
		return "notify:\n  robots:\n    - {name: duty, kind: wecom, url: \"" + url + "\", notices: [alerts]" + fields + "}\n"
	}
	cases := []struct{ name, yaml, env, key string }{
		{"unknown kind", strings.Replace(robot(""), "wecom", "wechat", 1), "", "notify.robots[0].kind"},
		{"http url", strings.Replace(robot(""), "https:", "http:", 1), "", "notify.robots[0].url: must be https"},
		{"no url", strings.Replace(robot(""), url, "", 1), "", "notify.robots[0].url: is required"},
		{"signed wecom", robot(", secret: SECRETSIGN"), "", "notify.robots[0].secret"},
		{"unknown notice", strings.Replace(robot(""), "[alerts]", "[alerts, gossip]", 1), "", "notify.robots[0].notices"},
		{"no notices", strings.Replace(robot(""), "[alerts]", "[]", 1), "", "notify.robots[0].notices"},
		{"bad name", strings.Replace(robot(""), "name: duty", "name: Duty Room", 1), "", "notify.robots[0].name"},
		{"no escalation", "", "TIPLINE_NOTIFY_ALERTS_ESCALATE_AFTER=0s", "notify.alerts.escalate_after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			env := goodEnv(t)
			if c.env != "" {
				env = append(env, c.env)
			}
			_, err := Load(path, env)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.key) || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("error does not name %q, or quotes a secret: %v", c.key, err)
			}
		})
	}
}

func TestRobotsForNoticeAndAlertChannels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	yaml := "notify:\n  robots:\n" +
		"    - {name: duty, kind: dingtalk, url: \"https://oapi.dingtalk.com/robot/send?access_token=x\", secret: SECx, notices: [alerts]}\n" +
		"    - {name: sup, kind: feishu, url: \"https://open.feishu.cn/open-apis/bot/v2/hook/x\", notices: [escalations, digests]}\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Notify.RobotsFor(NoticeDigests); len(got) != 1 || got[0].Name != "sup" {
		t.Fatalf("digests go to %v, want sup", got)
	}
	if got := cfg.AlertChannels(); len(got) != 1 || got[0] != "dingtalk:duty" {
		t.Fatalf("alert channels %v, want dingtalk:duty", got)
	}
	if cfg.Notify.Alerts.EscalateAfter.String() != "15m0s" || cfg.Notify.Alerts.IncludeDescription {
		t.Fatalf("alert defaults %+v", cfg.Notify.Alerts)
	}
	cfg.Notify.Robots = nil
	if got := cfg.AlertChannels(); len(got) != 0 {
		t.Fatalf("alert channels %v with no robot and no bot", got)
	}
}
