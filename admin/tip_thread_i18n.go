package admin

// tipThreadMessages are the words of the tip page's thread and its folded
// actions.
var tipThreadMessages = map[string][2]string{
	"tip.thread":        {"与举报人的对话", "Conversation with the reporter"},
	"tip.thread_report": {"举报内容", "The report"},
	"tip.thread_help":   {"求助内容", "The question"},
	"tip.facts":         {"线索信息", "Facts"},
	"tip.more_actions":  {"更多操作（优先级、指派、移交、奖励、屏蔽）", "More actions (priority, assign, forward, reward, block)"},
	"tip.close_confirm": {"我已核对，确认办结", "I have checked: close this tip"},
}

func init() {
	for k, v := range tipThreadMessages {
		messages[k] = v
	}
}
