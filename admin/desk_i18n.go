package admin

// deskMessages are the officer's desk words for help questions (their own
// resolutions, for a person asking for help is not a suspect, and the
// counsellors' notice of what waits for them) and for what the timeline's
// events changed.
var deskMessages = map[string][2]string{
	"resolution.info_given":     {"已提供信息", "Information given"},
	"resolution.referred_rehab": {"已转介社区康复", "Referred to community rehabilitation"},
	"resolution.no_reply":       {"求助人未回复", "No reply"},
	// The timeline says what an event changed, not only its name.
	"event.priority_change": {"（%s → %s）", "(%s → %s)"},
	"event.priority_set":    {"（改为%s）", "(now %s)"},
	"event.resolution":      {"（结论：%s）", "(resolution: %s)"},
	"event.duplicate_of":    {"，重复于线索 #%d", ", repeats tip #%d"},
	"event.released_to":     {"（仍为%s，无人负责，等待领取）", "(still %s, held by no one, waiting to be claimed)"},
	"help.waiting":          {"待处理求助：%d 条新咨询，%d 条有新回复", "Help waiting: %d new, %d replied"},
}

func init() {
	for k, v := range deskMessages {
		messages[k] = v
	}
}
