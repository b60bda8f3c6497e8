package chat

// textsZh is the Chinese catalogue (the default). Texts are plain text: no
// markup, so nothing a reporter typed can be turned into markup.
var textsZh = map[string]string{
	// Main menu.
	"menu.intro": "您好，这里是湘乡市禁毒办的匿名举报线。\n\n" +
		"您可以举报贩毒、吸毒、制毒、种毒、容留吸毒、毒驾等线索，也可以查询举报进展、获得戒毒帮助。\n\n" +
		"我们不会记录您的账号、姓名或手机号。请选择：",
	"menu.again":   "还需要做什么？请选择：",
	"btn.report":   "📝 举报线索",
	"btn.status":   "🔎 查询我的举报",
	"btn.selfhelp": "🤝 戒毒帮助",
	"btn.learn":    "📚 了解毒品危害",
	"btn.lang":     "🌐 Language / 语言",
	"btn.privacy":  "🛡 我的匿名如何受保护",
	"btn.menu":     "↩ 返回主菜单",
	"btn.cancel":   "✖ 取消",
	"btn.back":     "← 上一步",
	"privacy.body": "🛡 您的匿名如何受保护\n\n" +
		"我们保存的：\n" +
		"• 您举报的内容（线索描述、地点、时间）；\n" +
		"• 您提供的证据，已去除照片中的位置、拍摄设备等隐藏信息；\n" +
		"• 一个无法反推出您身份的编号（用于防止滥用和保存您的语言设置）。\n\n" +
		"我们不保存的：\n" +
		"• 您的 Telegram 账号、用户名、姓名、手机号；\n" +
		"• 办案人员看不到您是谁。\n\n" +
		"提交后您会得到一个回执码，这是您与举报之间唯一的联系，请抄写下来妥善保管，任何账号都可以用它查询。\n\n" +
		"如果别人可能看到您的手机，提交后请删除与本机器人的聊天记录。",
	"help.body": "使用说明：\n" +
		"/start — 主菜单\n" +
		"/cancel — 取消正在进行的操作\n" +
		"/status — 用回执码查询举报\n" +
		"/lang — 切换语言\n" +
		"/help — 本说明\n\n" +
		"直接发送文字、照片或视频，就会开始一条新的举报。",
	"lang.choose":    "请选择语言 / Choose your language:",
	"lang.set":       "已切换为中文。",
	"cancel.done":    "已取消，草稿和已上传的文件都已删除。",
	"cancel.nothing": "当前没有正在进行的操作。",
	"blocked":        "您的消息已收到。",
	"rate.messages":  "您发送得太快了，请稍等一分钟再继续。",
	"stale.button":   "这个按钮已失效，请按最新的消息操作。",

	// Report wizard.
	"report.category.ask": "第 1 步（共 5 步）：请选择线索类别。",
	"report.area.ask": "第 2 步：事情发生在哪里？\n\n" +
		"• 从下面选择乡镇或街道；\n" +
		"• 或直接输入更具体的地点（小区、街道、店名）；\n" +
		"• 或发送一个位置标记。",
	"report.area.pin": "📍 发送位置标记前请注意：\n\n" +
		"标记应当是违法犯罪发生的地点，而不是您自己所在的位置。\n" +
		"如果您正在家中，请不要发送“当前位置”，而是在地图上拖动选择发生地点后发送。\n\n" +
		"操作：点输入框旁的 📎 → 位置 → 在地图上选点 → 发送。",
	"report.area.pin_ok":   "已记下位置标记。",
	"report.area.text_ok":  "已记下地点：%s",
	"report.area.too_long": "地点描述请控制在 %d 字以内。",
	"btn.area.prev":        "◀ 上一页",
	"btn.area.next":        "下一页 ▶",
	"btn.area.pin":         "📍 发送位置标记",
	"btn.area.unknown":     "不确定",
	"report.occurred.ask":  "第 3 步：事情是什么时候发生的？",
	"btn.occ.now":          "⚠ 正在发生",
	"btn.occ.today":        "今天",
	"btn.occ.this_week":    "本周",
	"btn.occ.earlier":      "更早",
	"report.description.ask": "第 4 步：请描述您看到或知道的情况。\n\n" +
		"例如：什么人、做什么、具体位置、时间规律、车辆号牌、联系方式等。可以分几条消息发送。\n" +
		"请不要写您自己的姓名或联系方式。\n\n写完后请按“完成”。",
	"report.description.added": "已记下（共 %d 字）。可以继续补充，写完请按“完成”。",
	"report.description.long":  "描述太长了（最多 %d 字），超出的部分没有保存。请精简后重新发送，或按“完成”。",
	"btn.done":                 "✅ 完成",
	"report.evidence.ask": "第 5 步：有照片、视频、录音、文件或截图吗？\n\n" +
		"可以直接发送，也可以转发可疑频道或聊天中的消息。我们会去除照片里的位置等隐藏信息。\n" +
		"没有的话请按“跳过”。",
	"report.evidence.kept":  "已收到 %d 个文件。",
	"report.evidence.saved": "已收到 %d 个文件。可以继续发送，发完请按“完成”。",
	"report.evidence.kind":  "这种消息无法作为证据保存。请发送照片、视频、录音或文件。",
	"btn.skip":              "跳过",
	"report.consent.ask": "最后一步：办案人员如有问题，是否可以在这里联系您？\n\n" +
		"• 可以在这里联系我：我们会加密保存本聊天的联系方式，只用于回复本线索，结案后删除。\n" +
		"• 我用回执码自己查询：我们不保存任何联系方式，办案人员的问题会在您查询时显示。",
	"btn.consent.chat": "可以在这里联系我",
	"btn.consent.code": "我用回执码自己查询",
	"report.review": "请核对您的举报：\n\n" +
		"类别：%s\n地点：%s\n时间：%s\n文件：%d 个\n联系方式：%s\n\n描述：\n%s\n\n" +
		"确认无误请按“提交”。",
	"review.pin":           "位置标记",
	"review.none":          "（无）",
	"btn.submit":           "✅ 提交",
	"btn.edit":             "✏ 修改",
	"report.edit.ask":      "要修改哪一项？",
	"btn.edit.category":    "类别",
	"btn.edit.area":        "地点",
	"btn.edit.occurred":    "时间",
	"btn.edit.description": "描述（重写）",
	"btn.edit.evidence":    "文件",
	"btn.edit.consent":     "联系方式",
	"report.submitted": "✅ 举报已提交，感谢您！\n\n您的回执码是：\n\n%s\n\n" +
		"请把它抄写下来或记在安全的地方。这是查询进展、补充线索、领取奖励的唯一凭证，我们无法找回。\n\n" +
		"查询方法：在本机器人中选择“查询我的举报”（或发送 /status），输入回执码即可，任何账号都可以。\n\n" +
		"如果别人可能看到您的手机，请现在删除与本机器人的聊天记录。",
	"report.cancelled": "已取消举报，草稿和文件都已删除。",
	"report.expired":   "您之前未完成的举报因长时间未操作，已被删除。",
	"report.resume":    "您有一条未完成的举报，已为您继续。",
	"report.started":   "已开始一条新的举报，您刚才发送的内容已记下。",

	// Evidence and special messages.
	"contact.refused": "为保护您的匿名，我们不接收手机号名片，刚才的名片没有保存。\n\n" +
		"如果您要举报的是嫌疑人的电话号码，请直接以文字输入号码。",
	"sticker":           "收到贴纸 🙂 要举报线索，请输入文字或按下面的菜单。",
	"poll":              "投票无法作为线索保存。请用文字描述情况。",
	"unsupported":       "这种消息暂时无法处理。请发送文字、照片、视频、录音或文件。",
	"edit.updated":      "已按修改后的内容更新描述。",
	"edit.after_submit": "修改已提交的消息不会被办案人员看到。如需补充，请在“查询我的举报”中输入回执码后选择“补充信息”。",
	"forward.channel":   "【转发自频道：%s】",
	"forward.user":      "【转发自用户：%s】",
	"forward.hidden":    "【转发自隐藏账号的用户：%s】",
	"forward.chat":      "【转发自群组：%s】",
	"forward.links":     "消息中的链接：",
	"forward.media":     "（转发的消息包含附件）",

	// Status checks.
	"status.ask":       "请输入您的回执码（例如 K7QM-3XPD-9WTA-2HCE），大小写和横线都可以省略。",
	"status.view":      "举报（提交于 %s）\n当前状态：%s",
	"status.question":  "办案人员的问题：\n%s",
	"status.reward":    "🎁 您的举报获得奖励：%s 元，请于 %s 前领取。\n%s",
	"status.help_view": "您的咨询（提交于 %s）\n当前状态：%s",
	"btn.answer":       "💬 回答",
	"btn.add_info":     "➕ 补充信息",
	"addinfo.ask":      "请发送要补充的内容。可以附上照片或文件（请加上说明文字）。",
	"answer.gone":      "这个问题已经结束，您的回答没有保存。如有新的情况，可以重新提交。",
	// Said to a reporter and to a person asking for help alike: the
	// conversation does not know which it is, and neither is told of "officers".
	"answer.sent":    "您的回复已送达，谢谢。",
	"answer.ask":     "请发送您的回答。可以附上照片或文件（请加上说明文字）。",
	"dialogue.empty": "请输入文字内容。如需附上照片或文件，请在发送时加上说明文字。",

	// Notices from the office.
	"notice.question":       "关于%s，办案人员有一个问题：\n\n%s\n\n请按“回答”后输入您的回答。",
	"notice.question_image": "办案人员随下面的问题附上这张图片。",
	// A help question is answered by a counsellor, in words that never
	// treat the person who asked as a suspect.
	"notice.help_reply":                 "关于%s，戒毒辅导员回复您：\n\n%s\n\n如需继续交流，请按“回复”后输入。",
	"notice.help_closed.info_given":     "%s已结束。希望辅导员的回复对您有帮助；想戒毒，随时可以再来咨询。",
	"notice.help_closed.referred_rehab": "%s已结束。辅导员建议您联系当地社区戒毒社区康复工作站，在那里可以得到持续的帮助。自愿接受治疗的，依法不予处罚。",
	"notice.help_closed.no_reply":       "%s因较长时间没有收到您的回复已结束。想戒毒，随时可以再来咨询。",
	"notice.help_closed":                "%s已结束。如需帮助，随时可以再来咨询。",
	"notice.closed":                     "关于%s：\n%s",
	"about.report":                      "您于 %s 提交的举报",
	"about.report_undated":              "您的举报",
	"about.help":                        "您于 %s 提交的咨询",
	"about.help_undated":                "您的咨询",
	"status.help_question":              "辅导员的回复：\n%s",
	"btn.reply":                         "💬 回复",
	"notice.reward":                     "🎁 %s获得奖励：%s 元。\n请于 %s 前领取。\n\n%s\n\n领取时需要出示回执码。",

	// Self-help and education.
	"selfhelp.ask_button": "✉ 匿名向戒毒辅导员提问",
	"selfhelp.ask":        "请输入您的问题。我们不会记录您的身份，辅导员看不到您是谁，回复会在这里发给您（问题办结后联系方式即删除）。",
	"selfhelp.done":       "您的问题已转交辅导员。回执码：\n\n%s\n\n也可以用回执码在“查询我的举报”中查看回复。",
	"selfhelp.limit":      "您今天提交的咨询已达上限，请明天再试。如情况紧急，请拨打 110。",
	"learn.page":          "📚 了解毒品危害（%d/%d）\n\n%s",
	"learn.none":          "暂无内容。",
}
