package intake

// textsZh is the Chinese catalogue (the default). Texts are plain text.
var textsZh = map[string]string{
	// The steps.
	"step.category":    "类别",
	"step.area":        "地点",
	"step.occurred":    "时间",
	"step.description": "描述",
	"step.evidence":    "文件",
	"step.contact":     "联系方式",
	"step.review":      "核对",

	"report.area.unknown": "地点不详",
	"occ.now":             "正在发生",
	"occ.today":           "今天",
	"occ.this_week":       "本周",
	"occ.earlier":         "更早",
	"emergency": "⚠ 如果事情正在发生，或有人身安全危险，请立即拨打 110 报警；不方便通话时，可以发短信到 12110。" +
		"匿名举报不能代替紧急报警。",
	"contact.chat": "可以在这里联系",
	"contact.code": "用回执码查询",

	"report.description.short": "描述还太短（至少 %d 字），办案人员需要更多细节才能核查。请再补充一些。",

	// Evidence that was not kept.
	"report.evidence.too_large":   "这个文件太大了（上限 %d MB），没有保存。可以压缩后再发，或只发关键部分。",
	"report.evidence.broken":      "这个文件已损坏或不完整，没有保存。请重新发送。",
	"report.evidence.mismatch":    "这个文件的内容与它的类型不符，为安全起见没有保存。请以原始格式重新发送。",
	"report.evidence.empty":       "这个文件是空的，没有保存。",
	"report.evidence.count":       "每条举报最多 %d 个文件，这个文件没有保存。",
	"report.evidence.bytes":       "这条举报的文件总量已达上限（%d MB），这个文件没有保存。",
	"report.evidence.failed":      "这个文件暂时无法接收，请稍后重新发送。",
	"report.evidence.uncleanable": "这个文件里的%s我们无法去除，可能暴露您的身份。要照样保存，还是改发一张截图？",
	"trace.location":              "拍摄或制作地点",
	"trace.device":                "设备和软件信息",
	"trace.time":                  "制作时间",
	"trace.people":                "作者等人名",
	"trace.unknown":               "隐藏信息",
	"trace.and":                   "、",
	"btn.keep_anyway":             "照样保存",
	"btn.screenshot_instead":      "改发截图",
	"report.evidence.kept_anyway": "已保存。办案人员会看到提示：这个文件可能带有隐藏信息。",
	"report.evidence.dropped":     "这个文件没有保存。请截图后发送截图。",

	// Submitting.
	"report.limit_tips": "您今天提交的举报已达上限（%d 条）。草稿已为您保留，请明天再提交。如情况紧急，请拨打 110。",
	"report.invalid":    "这条举报有内容不符合要求，请检查后重试。",
	"receipt.keep":      "请把回执码抄写下来或截图保存在安全的地方。这是查询进展、补充线索、领取奖励的唯一凭证，我们无法找回。",

	// Status, as the holder of a receipt sees it.
	"status.wrong":       "没有找到这个回执码对应的举报。请核对后重新输入。",
	"status.limited":     "输错次数过多，请一小时后再试。",
	"state.new":          "已收到",
	"state.in_review":    "正在核查",
	"state.needs_info":   "需要您补充信息",
	"state.forwarded":    "已移交办案单位处理",
	"state.closed":       "已办结",
	"status.closed_note": "此举报已办结，感谢您的帮助。",
	"status.reward_paid": "🎁 奖励已发放。",
	"addinfo.done":       "已补充到您的举报中，谢谢。",
	"answer.done":        "您的回答已转交办案人员，谢谢。",
	"dialogue.gone":      "这条举报已不能再补充信息。",

	"satisfaction.ask":    "您对这次举报的处理满意吗？（可以不回答，回答不会关联到您或您的举报内容。）",
	"satisfaction.1":      "非常满意",
	"satisfaction.2":      "满意",
	"satisfaction.3":      "基本满意",
	"satisfaction.4":      "不满意",
	"satisfaction.thanks": "谢谢您的评价。",
	"satisfaction.yours":  "您的评价：%s（可以修改）",
	"satisfaction.send":   "提交评价",
	"satisfaction.pick":   "请先选择一项评价。",
}
