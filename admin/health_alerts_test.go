package admin

import (
	"strings"
	"testing"

	"github.com/tipline/tipline/config"
)

// The health page says loudly when an urgent tip would ping nobody, and
// names the robots alerts go to once one is configured, never its URL.
func TestHealthShowsTheAlertChannels(t *testing.T) {
	t.Parallel()
	for _, robots := range [][]config.Robot{
		nil,
		{{Name: "leaders", Kind: config.RobotFeishu, URL: "https://open.feishu.cn/open-apis/bot/v2/hook/SECRETHOOK", Notices: []string{config.NoticeDigests}}},
		{{Name: "duty", Kind: config.RobotWeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY", Notices: []string{config.NoticeAlerts}}},
	} {
		b := setupWith(t, func(d *Deps) { d.Config.Notify.Robots = robots })
		b.addOfficers("admin")
		_, body := b.get(b.login("admin"), "/health")
		alerted := len(robots) > 0 && robots[0].Gets(config.NoticeAlerts)
		if strings.Contains(body, "没有配置任何提醒渠道") == alerted {
			t.Errorf("robots %v: the page says %v that no channel gets alerts", robots, !alerted)
		}
		if alerted && !strings.Contains(body, "紧急线索和超时提醒发往：企业微信群机器人“duty”。") {
			t.Error("the health page does not name the duty robot")
		}
		if strings.Contains(body, "SECRET") {
			t.Error("the health page shows a robot's webhook")
		}
	}
}
