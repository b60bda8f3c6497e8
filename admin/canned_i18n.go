package admin

// cannedMessages are the words of canned questions: their list page and the
// tip's ask form.
var cannedMessages = map[string][2]string{
	"nav.canned":              {"常用问题", "Canned questions"},
	"canned.title":            {"常用问题", "Canned questions"},
	"canned.intro":            {"办案人员向举报人提问时可以选用这里的问题，发送前还能修改。每个问题写中英文两种，按举报人使用的语言填入。归档的问题不再出现在线索页上。", "Officers can pick these when asking a reporter a question, and edit them before sending. Write each in both languages: the reporter's language is filled in. Archived questions are no longer offered on tips."},
	"canned.create":           {"新增常用问题", "New canned question"},
	"canned.text_zh":          {"中文", "Chinese"},
	"canned.text_en":          {"英文", "English"},
	"canned.add":              {"添加", "Add"},
	"canned.save":             {"保存", "Save"},
	"canned.archive":          {"归档", "Archive"},
	"canned.restore":          {"恢复", "Restore"},
	"canned.archived":         {"已归档", "archived"},
	"canned.none":             {"还没有常用问题。", "No canned questions yet."},
	"canned.saved":            {"常用问题已保存。", "Canned question saved."},
	"canned.pick":             {"选用常用问题", "Use a canned question"},
	"canned.hint":             {"按举报人使用的语言（%s）填入，发送前可以修改。", "Filled in in the reporter's language (%s); edit it before sending."},
	"canned.manage":           {"管理常用问题", "Manage canned questions"},
	"audit.do.canned.create":  {"新增常用问题", "Canned question added"},
	"audit.do.canned.edit":    {"修改常用问题", "Canned question edited"},
	"audit.do.canned.archive": {"归档常用问题", "Canned question archived"},
	"audit.do.canned.restore": {"恢复常用问题", "Canned question restored"},
	"locale.zh-CN":            {"中文", "Chinese"},
	"locale.en":               {"英文", "English"},
}

func init() {
	for k, v := range cannedMessages {
		messages[k] = v
	}
}
