package admin

// campaignMessages are the campaign pages' words, joined to messages at start
// so that these pages change in one place.
var campaignMessages = map[string][2]string{
	"nav.campaigns":           {"宣传活动", "Campaigns"},
	"campaigns.title":         {"宣传活动", "Outreach campaigns"},
	"campaigns.intro":         {"每个活动有自己的二维码。扫码提交的举报只记录来自哪个活动，不记录举报人的任何信息；办案人员在线索页只能看到活动类型和所在乡镇。", "Each campaign has its own QR code. A report made from it records only the campaign, nothing of the reporter; officers reading a tip see only the campaign's kind and town."},
	"campaigns.period":        {"统计期间", "Period"},
	"campaigns.from":          {"起始日期", "From"},
	"campaigns.to":            {"截止日期", "To"},
	"campaigns.show":          {"统计", "Show"},
	"campaigns.bad_period":    {"日期无效，已显示最近90天。", "Invalid dates; the last 90 days are shown."},
	"campaigns.masked":        {"少于%d条的数字显示为“<%d”；为免由合计推算出这些数字，必要时另一个数字也一并隐藏，显示为“*”。", "Counts below %d show as \"<%d\"; where a total would give them away, one more count is hidden too and shows as \"*\"."},
	"campaigns.by_campaign":   {"各活动举报数", "Reports per campaign"},
	"campaigns.by_kind":       {"按活动类型", "Per kind"},
	"campaigns.by_town":       {"按乡镇（街道）", "Per town"},
	"campaigns.name":          {"活动名称", "Name"},
	"campaigns.kind":          {"活动类型", "Kind"},
	"campaigns.town":          {"乡镇（街道）", "Town"},
	"campaigns.dates":         {"活动日期", "Dates"},
	"campaigns.starts_on":     {"开始日期", "Starts on"},
	"campaigns.ends_on":       {"结束日期", "Ends on"},
	"campaigns.notes":         {"备注", "Notes"},
	"campaigns.telegram":      {"海报同时印上Telegram机器人二维码", "Also print the Telegram bot's code on the poster"},
	"campaigns.no_bot":        {"未配置机器人用户名（bot.username），海报只印网页举报二维码。", "No bot username is configured (bot.username); posters carry only the web report's code."},
	"campaigns.total":         {"举报", "Reports"},
	"campaigns.actioned":      {"已查处", "Actioned"},
	"campaigns.all":           {"合计", "All campaigns"},
	"campaigns.archived":      {"已归档", "archived"},
	"campaigns.none":          {"还没有宣传活动。", "No campaigns yet."},
	"campaigns.create":        {"新建活动", "New campaign"},
	"campaigns.save":          {"保存", "Save"},
	"campaigns.edit":          {"编辑", "Edit"},
	"campaigns.archive":       {"归档", "Archive"},
	"campaigns.restore":       {"恢复", "Restore"},
	"campaigns.archive_hint":  {"归档后，此活动的二维码不再记录新举报的来源（举报照常受理），已有统计保留。", "Once archived, the campaign's code no longer attributes new reports (they are still taken); its counts stay."},
	"campaigns.created":       {"活动已创建。", "Campaign created."},
	"campaigns.saved":         {"活动已保存。", "Campaign saved."},
	"campaigns.archived_done": {"活动已归档。", "Campaign archived."},
	"campaigns.restored":      {"活动已恢复。", "Campaign restored."},
	"campaigns.invalid.name":  {"请填写活动名称（不超过100字）。", "Please give a name (at most 100 characters)."},
	"campaigns.invalid.kind":  {"请选择活动类型。", "Please choose a kind."},
	"campaigns.invalid.area":  {"请选择乡镇（街道）。", "Please choose a town."},
	"campaigns.invalid.dates": {"日期无效：请按“2026-06-26”的格式填写，结束日期不能早于开始日期。", "Invalid dates: write them like 2026-06-26, and the end may not come before the start."},
	"campaigns.invalid.notes": {"备注不超过2000字。", "Notes may have at most 2000 characters."},
	"campaigns.materials":     {"宣传材料", "Printable material"},
	"campaigns.web_link":      {"网页举报链接", "Web report link"},
	"campaigns.telegram_link": {"Telegram机器人链接", "Telegram bot link"},
	"campaigns.poster":        {"A4海报（中文）", "A4 poster (Chinese)"},
	"campaigns.poster_en":     {"A4海报（英文）", "A4 poster (English)"},
	"campaigns.zip":           {"全部文件压缩包（交印刷厂）", "All files (ZIP, for the print shop)"},
	"campaigns.qr_alt":        {"网页举报二维码", "QR code of the web report"},
	"campaigns.code_hint":     {"二维码中的活动码带有签名，伪造或手工输入的活动码会被忽略。", "The campaign code in the QR is signed; a forged or typed code is ignored."},
	"campaigns.back":          {"返回宣传活动", "Back to campaigns"},
}

func init() {
	for k, v := range campaignMessages {
		messages[k] = v
	}
}
