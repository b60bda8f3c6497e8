package jobs

import (
	"context"
	"strings"
	"testing"

	"github.com/tipline/tipline/config"
)

// A robot given digests gets each digest once, in the office's language; a
// robot given only alerts gets none.
func TestDigestGoesToRobotsOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Notify.Robots = []config.Robot{
		{Name: "leaders", Kind: config.RobotFeishu, URL: "https://open.feishu.cn/open-apis/bot/v2/hook/x", Notices: []string{config.NoticeDigests}},
		{Name: "duty", Kind: config.RobotWeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Notices: []string{config.NoticeAlerts}},
	}
	s := b.scheduler(t)
	s.catchUp(context.Background())
	s.catchUp(context.Background())
	var rows []struct {
		ChatKey string `db:"chat_key"`
		Text    string `db:"text"`
	}
	if err := b.db.Select(&rows, `SELECT chat_key, payload->>'text' AS text FROM outbox
		WHERE chat_key LIKE 'robot:%' AND dedupe_key LIKE 'digest:digest_daily:%'`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ChatKey != "robot:leaders" || !strings.Contains(rows[0].Text, "新线索 0 件") {
		t.Fatalf("robot digests %+v, want the daily digest once for robot leaders", rows)
	}
}
