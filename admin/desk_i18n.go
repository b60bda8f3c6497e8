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
	// The officers' form says what it takes before refusing it; a new or
	// reset account has no old password its temporary one must differ from.
	"officers.username_hint": {"用户名：2 到 32 个字符，可用小写字母、数字和 . _ -，以字母或数字开头", "Username: 2 to 32 characters, lower-case letters, digits and . _ -, starting with a letter or digit"},
	"officers.weak_temp":     {"临时密码太短：至少10个字符。", "Temporary password too short: at least 10 characters."},
	// The health page's jobs table names its columns, jobs and states.
	"health.job":               {"任务", "Job"},
	"health.job_state":         {"状态", "State"},
	"health.job_started":       {"开始", "Started"},
	"health.job_finished":      {"结束", "Finished"},
	"health.job_state.running": {"运行中", "Running"},
	"health.job_state.done":    {"已完成", "Done"},
	"health.job_state.failed":  {"失败", "Failed"},
	"digests.job.alerts":       {"超时提醒", "Deadline alerts"},
	"digests.job.purge":        {"过期数据清理", "Purge of expired data"},
	// The digest preview says which day or week it shows: a daily digest
	// sums up the day before the one it is sent on.
	"digests.preview_yesterday": {"这是昨天（%s）的日报：每天的日报汇总前一整天。", "This is yesterday's digest (%s): each daily digest sums up the whole day before."},
	"digests.preview_day":       {"这是 %s 的日报。", "This is the digest of %s."},
	"digests.preview_week":      {"这是 %s 至 %s 这一周的周报。", "This is the digest of the week %s to %s."},
	"help.waiting":              {"待处理求助：%d 条新咨询，%d 条有新回复", "Help waiting: %d new, %d replied"},
}

func init() {
	for k, v := range deskMessages {
		messages[k] = v
	}
}
