package admin

// outcomeMessages are the words of outcomes, operations and rewards, joined
// to messages at start so that these pages change in one place.
var outcomeMessages = map[string][2]string{
	"outcome.title":       {"查处结果", "Outcome"},
	"outcome.legend":      {"查处结果（结论为“已查处”时填写）", "Outcome (when closing as actioned)"},
	"outcome.choose":      {"请选择", "Choose"},
	"outcome.case_kind":   {"立案情况", "Case"},
	"outcome.case_number": {"案件编号", "Case number"},
	"outcome.solved_on":   {"破案日期", "Date solved"},
	"outcome.detained":    {"抓获人数", "People detained"},
	"outcome.users_found": {"查获吸毒人员", "Drug users found"},
	"outcome.seizures":    {"缴获毒品", "Drugs seized"},
	"outcome.drug":        {"毒品种类", "Drug"},
	"outcome.grams":       {"重量（克）", "Weight (g)"},
	"outcome.g":           {"克", "g"},
	"outcome.operations":  {"专项行动", "Operations"},
	"outcome.none":        {"尚未登记查处结果。", "No outcome recorded yet."},
	"outcome.edit":        {"修改查处结果", "Correct the outcome"},
	"outcome.reason":      {"修改原因", "Reason for the change"},
	"outcome.save":        {"保存", "Save"},

	"case_kind.criminal":       {"刑事立案", "Criminal case"},
	"case_kind.administrative": {"行政案件", "Administrative case"},
	"case_kind.none":           {"未立案", "No case"},

	"field.case_kind":   {"立案情况", "case"},
	"field.solved_on":   {"破案日期", "date solved"},
	"field.detained":    {"抓获人数", "people detained"},
	"field.users_found": {"查获吸毒人员", "drug users found"},
	"field.drug":        {"毒品种类", "drug"},
	"field.grams":       {"重量", "weight"},
	"field.operation":   {"专项行动", "operation"},
	"field.reason":      {"原因", "reason"},
	"field.name_zh":     {"中文名称", "Chinese name"},
	"field.name_en":     {"英文名称", "English name"},

	"done.outcome":               {"查处结果已保存。", "Outcome saved."},
	"event.outcome_edited":       {"修改查处结果", "Outcome corrected"},
	"audit.do.tip.outcome":       {"修改查处结果", "Outcome corrected"},
	"audit.do.operation.create":  {"新增专项行动", "Operation added"},
	"audit.do.operation.rename":  {"修改专项行动名称", "Operation renamed"},
	"audit.do.operation.archive": {"归档专项行动", "Operation archived"},
	"audit.do.operation.restore": {"恢复专项行动", "Operation restored"},

	"reward.suggested":              {"按奖励标准建议金额", "Suggested under the rules"},
	"reward.or_more":                {"以上", "or more"},
	"reward.no_rule":                {"没有适用的奖励标准，提议金额须说明理由。", "No rule applies; a proposed amount needs a reason."},
	"reward.proposed_by":            {"%s提议", "Proposed by %s"},
	"reward.approved_by":            {"%s审批", "approved by %s"},
	"reward.reason":                 {"理由", "reason"},
	"reward.override":               {"领导意见", "leader's override"},
	"reward.reason_label":           {"理由（金额超出建议范围时必填）", "Reason (required for an amount outside the suggestion)"},
	"reward.override_label":         {"领导意见（同一重复线索链已有奖励时必填）", "Override (required when the duplicate chain is already rewarded)"},
	"reward.chain_rewarded":         {"同一重复线索链中已有线索获得奖励，审批须填写领导意见：", "Another tip of the duplicate chain is rewarded; approval needs an override:"},
	"reward.corroborating_rewarded": {"注意：有相同电话或车牌的线索已获得奖励（可能来自不同举报人）：", "Note: tips sharing a phone number or plate are rewarded (possibly from other people):"},
	"field.approver":                {"提议人不能审批自己提议的奖励", "the proposer cannot approve their own reward"},
	"field.duplicate_chain":         {"同一重复线索链中已有线索获得奖励，须由领导填写意见", "another tip of the duplicate chain is rewarded; a leader must give an override"},
	"field.override":                {"领导意见", "override"},
	"export.bad_period":             {"导出期间无效：起止日期须写成“2026-01-31”的样式，最长一年。", "Invalid export period: give the dates as 2026-01-31, at most a year apart."},
	"audit.do.export.outcomes":      {"导出查处结果", "Outcomes exported"},
	"queue.export_outcomes":         {"导出查处结果（近一年）", "Export outcomes (last year)"},
	"role.leader":                   {"领导", "Leader"},

	"nav.operations":      {"专项行动", "Operations"},
	"operations.title":    {"专项行动", "Operations"},
	"operations.intro":    {"查处结果可以标注所属的专项行动。归档后不再供新的标注选择，已有标注保留。", "Outcomes can be tagged with the operations they belong to. An archived operation is no longer offered for new tags; existing tags stay."},
	"operations.create":   {"新增专项行动", "Add an operation"},
	"operations.name_zh":  {"中文名称", "Chinese name"},
	"operations.name_en":  {"英文名称", "English name"},
	"operations.add":      {"新增", "Add"},
	"operations.rename":   {"保存名称", "Save names"},
	"operations.archive":  {"归档", "Archive"},
	"operations.restore":  {"恢复", "Restore"},
	"operations.archived": {"已归档", "archived"},
	"operations.none":     {"还没有专项行动。", "No operations yet."},
	"operations.saved":    {"专项行动已保存。", "Operation saved."},
}

func init() {
	for k, v := range outcomeMessages {
		messages[k] = v
	}
}
