package admin

// leadersMessages are the words of the leaders' view: results by town and
// the towns listed for clean-up.
var leadersMessages = map[string][2]string{
	"nav.leaders":               {"各乡镇成效", "Results by town"},
	"leaders.title":             {"各乡镇禁毒成效", "Results by town"},
	"leaders.last30":            {"近30天", "Last 30 days"},
	"leaders.last90":            {"近90天", "Last 90 days"},
	"leaders.this_year":         {"今年", "This year"},
	"leaders.from":              {"起始日期", "From"},
	"leaders.to":                {"截止日期", "To"},
	"leaders.show":              {"统计", "Show"},
	"leaders.bad_period":        {"日期无效，已显示最近30天。", "Invalid dates; the last 30 days are shown."},
	"leaders.period":            {"统计期间：%s至%s。大字为本期数字，小字为与上期（%s至%s）相比的增减。", "%s to %s. The large figure is this period's, the small one its change against the period before (%s to %s)."},
	"leaders.how":               {"举报数和紧急举报按收到日期统计，已查处和满意度评价按办结日期统计，案件和人数按破案日期统计。少于%d的数字显示为“<%d”；为免由合计推算出这些数字，必要时另一个数字也一并隐藏，显示为“*”。", "Reports and urgent reports count by the day received, actioned and satisfaction answers by the day closed, cases and people by the day the case was solved. Counts below %d show as \"<%d\"; where a total would give them away, one more count is hidden too and shows as \"*\"."},
	"leaders.updated":           {"数据统计于 %s（每5分钟更新）。", "Counted at %s (every 5 minutes)."},
	"leaders.town":              {"乡镇（街道）", "Town"},
	"leaders.total":             {"合计", "Total"},
	"leaders.m.received":        {"举报数", "Reports"},
	"leaders.m.urgent":          {"紧急举报", "Urgent"},
	"leaders.m.actioned":        {"已查处", "Actioned"},
	"leaders.m.criminal":        {"刑事案件", "Criminal cases"},
	"leaders.m.administrative":  {"行政案件", "Administrative cases"},
	"leaders.m.detained":        {"抓获人数", "Detained"},
	"leaders.m.rated":           {"满意度评价", "Satisfaction answers"},
	"leaders.m.satisfied":       {"满意（含非常满意）", "Satisfied (incl. very)"},
	"leaders.m.users_found":     {"查获吸毒人员", "Drug users found"},
	"leaders.chart":             {"本期各乡镇举报数", "Reports per town in the period"},
	"leaders.listed":            {"挂牌整治", "Listed for clean-up"},
	"leaders.listings":          {"挂牌整治地区", "Towns listed for clean-up"},
	"leaders.listings_intro":    {"市里挂牌整治的乡镇（街道）在这里登记，表格和周报中会标出。摘牌时填写摘牌日期。", "Record the towns the city lists for clean-up here; the table and the weekly digest mark them. Enter the date when a listing ends."},
	"leaders.listed_on":         {"挂牌日期", "Listed on"},
	"leaders.delisted_on":       {"摘牌日期", "De-listed on"},
	"leaders.note":              {"备注", "Note"},
	"leaders.delist":            {"摘牌", "De-list"},
	"leaders.list":              {"挂牌", "List"},
	"leaders.list_town":         {"登记挂牌整治", "List a town for clean-up"},
	"leaders.no_listings":       {"目前没有挂牌整治的乡镇。", "No town is listed for clean-up."},
	"leaders.saved":             {"已保存。", "Saved."},
	"leaders.field.area":        {"乡镇（不在配置中，或已在挂牌整治中）", "town (not configured, or already listed)"},
	"leaders.field.listed_on":   {"挂牌日期", "listing date"},
	"leaders.field.delisted_on": {"摘牌日期（不能早于挂牌日期，且该乡镇须在挂牌中）", "de-listing date (not before the listing began, and the town must be listed)"},
	"leaders.field.note":        {"备注（最多200字）", "note (at most 200 characters)"},
	"audit.do.town.list":        {"登记挂牌整治", "Town listed for clean-up"},
	"audit.do.town.delist":      {"挂牌整治摘牌", "Town de-listed"},
}

func init() {
	for k, v := range leadersMessages {
		messages[k] = v
	}
}
