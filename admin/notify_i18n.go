package admin

// notifyMessages are the health page's words on where alerts go.
var notifyMessages = map[string][2]string{
	"health.alerts":           {"紧急线索提醒", "Urgent tip alerts"},
	"health.alert_channels":   {"紧急线索和超时提醒发往：%s。", "Urgent tips and missed deadlines are alerted to: %s."},
	"health.no_alert_channel": {"没有配置任何提醒渠道：紧急线索提交后不会通知任何人！请添加接收紧急提醒的企业微信、钉钉或飞书群机器人（配置项 notify.robots），步骤见运维手册。", "No channel for alerts is configured: nobody is told of an urgent tip! Add a WeCom, DingTalk or Feishu group robot with notices [alerts] under notify.robots (docs/operations.md, \"Where the office hears from Tipline\")."},
	"health.robot.wecom":      {"企业微信群机器人“%s”", "WeCom group robot “%s”"},
	"health.robot.dingtalk":   {"钉钉群机器人“%s”", "DingTalk group robot “%s”"},
	"health.robot.feishu":     {"飞书群机器人“%s”", "Feishu group robot “%s”"},
	"health.duty_chat":        {"Telegram 值班群", "the Telegram duty chat"},
}

func init() {
	for k, v := range notifyMessages {
		messages[k] = v
	}
}
