package admin

// queueAlertMessages are the words of the queue page's urgent alert.
var queueAlertMessages = map[string][2]string{
	"queue.urgent_arrived": {"有新的紧急线索，请立即处理！", "A new urgent tip has arrived: deal with it now!"},
	"queue.alert_on":       {"紧急线索提醒：已开启（声音和通知）", "Urgent tip alert: on (sound and notification)"},
	"queue.alert_off":      {"紧急线索提醒：已关闭", "Urgent tip alert: off"},
	"queue.alert_hint":     {"开启后，本页每15秒检查一次，有新的紧急线索时发出提示音并弹出通知。", "When on, this page checks every 15 seconds and sounds and notifies when a new urgent tip arrives."},
}

func init() {
	for k, v := range queueAlertMessages {
		messages[k] = v
	}
}
