package admin

// deskMessages are the officer's desk words for help questions: their own
// resolutions (a person asking for help is not a suspect) and the
// counsellors' notice of what waits for them.
var deskMessages = map[string][2]string{
	"resolution.info_given":     {"已提供信息", "Information given"},
	"resolution.referred_rehab": {"已转介社区康复", "Referred to community rehabilitation"},
	"resolution.no_reply":       {"求助人未回复", "No reply"},
	"help.waiting":              {"待处理求助：%d 条新咨询，%d 条有新回复", "Help waiting: %d new, %d replied"},
}

func init() {
	for k, v := range deskMessages {
		messages[k] = v
	}
}
