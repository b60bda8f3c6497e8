package config

import (
	"time"
	_ "time/tzdata" // the default timezone must load on hosts without tzdata
)

// Default is the configuration before the file and environment are applied:
// a working setup for the Xiangxiang city anti-drug office (湘乡市禁毒办). It is
// usable as it is (Location is set), which tests rely on; keys and the
// database URL are the only things it lacks.
func Default() Config {
	day := Duration(24 * time.Hour)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err) // embedded by time/tzdata
	}
	return Config{
		Location: shanghai,
		Timezone: "Asia/Shanghai",
		Locale:   "zh-CN",
		Log:      Log{Format: "text", Level: "info"},
		Database: Database{MaxOpenConns: 20},
		Bot: Bot{
			APIURL:         "https://api.telegram.org",
			Webhook:        Webhook{MaxConnections: 40},
			Workers:        16,
			DraftTTL:       day,
			DescriptionMin: 10,
			DescriptionMax: 4000,
			MaxFileBytes:   20 << 20,
			MaxFilesPerTip: 10,
			MaxTipBytes:    60 << 20,
			MaxAttempts:    5,
		},
		Admin: Admin{
			Listen:            "127.0.0.1:8080",
			BaseURL:           "http://localhost:8080",
			SessionIdle:       Duration(30 * time.Minute),
			SessionAbsolute:   Duration(12 * time.Hour),
			TOTPRequiredRoles: []string{},
			TrustedProxies:    []string{},
		},
		Web: Web{
			Enabled:        true,
			DraftTTL:       Duration(2 * time.Hour),
			ReceiptTTL:     Duration(time.Hour),
			MinFill:        Duration(3 * time.Second),
			ReportsPerDay:  5,
			ChecksPerHour:  10,
			UploadsPerHour: 50,
		},
		Areas:      XiangxiangAreas(),
		Categories: DefaultCategories(),
		Deadlines: Deadlines{
			TriageUrgent: Duration(2 * time.Hour),
			TriageHigh:   Duration(12 * time.Hour),
			TriageNormal: 3 * day,
			TriageLow:    7 * day,
			Feedback:     30 * day,
		},
		Rewards: Rewards{
			NotifyWorkingDays: 15,
			ClaimMonths:       2,
			AlertBefore:       3 * day,
			HowToClaim: Text{
				Zh: "请在领奖期限内到湘乡市公安局禁毒大队领取奖金：请出示举报回执码和本人有效身份证件，也可以委托他人持回执码、您的委托书和身份证件代领。证件只在窗口当面核对，核对记录存入纸质奖励档案，不录入本系统。",
				En: "Please claim the reward before the deadline at the Xiangxiang Public Security Bureau narcotics brigade. Bring your receipt code and a valid ID of your own, or send someone with the code, your letter of authority and ID. The ID is checked at the counter and the record kept in the paper reward file; it is never entered into this system.",
			},
		},
		Retention: Retention{
			Actioned:   5 * 365 * day,
			Unfounded:  365 * day,
			Duplicate:  365 * day,
			Spam:       30 * day,
			OutOfScope: 180 * day,
			Help:       30 * day,
			Inbox:      2 * day,
			Outbox:     7 * day,
		},
		Digest: Digest{
			Daily:         "0 8 * * *",
			Weekly:        "0 8 * * 1",
			TelegramChats: []int64{},
			Emails:        []string{},
			MinAreaCount:  3,
			Locale:        "zh-CN",
		},
		Jobs: Jobs{
			Alerts: "*/5 * * * *",
			Purge:  "30 3 * * *",
			Lease:  Duration(10 * time.Minute),
		},
		SMTP: SMTP{Port: 587, TLS: "starttls"},
		Limits: Limits{
			TipsPerDay:           5,
			MessagesPerMinute:    30,
			WrongReceiptsPerHour: 5,
			SendPerSecond:        30,
			SendPerChatSecond:    1,
			SendPerGroupMinute:   20,
			LoginFailuresPerIP:   20,
			LoginFailuresPerAcc:  5,
		},
		SelfHelp: SelfHelp{
			CounsellorEnabled: true,
			Info: Text{
				Zh: "想戒毒，随时可以开始，这里不追问身份。\n" +
					"• 湘乡市自愿戒毒咨询：请拨打当地社区戒毒社区康复工作站电话（工作日 8:30–17:30）\n" +
					"• 自愿到戒毒医疗机构接受治疗的，依法不予处罚。\n" +
					"• 遇到生命危险等紧急情况，请拨打 110 或 120。",
				En: "You can start to quit at any time; nobody here asks who you are.\n" +
					"• Voluntary treatment in Xiangxiang: call your community rehabilitation station (workdays 8:30–17:30)\n" +
					"• People who seek treatment voluntarily are not punished for their drug use.\n" +
					"• In an emergency, when a life is in danger, call 110 or 120.",
			},
		},
		Education: []Text{
			{Zh: "冰毒（甲基苯丙胺）会严重损害大脑，成瘾快，常伴随幻觉和暴力。", En: "Methamphetamine (\"ice\") damages the brain, is quickly addictive and often brings hallucinations and violence."},
			{Zh: "“零包”贩毒数量虽小，危害很大。发现小额零散贩卖，同样可以举报。", En: "Street dealing in small bags (\"零包\") is small in amount but great in harm. Report it too."},
			{Zh: "新型毒品常伪装成“奶茶”“跳跳糖”“邮票”。陌生人给的饮料和零食要当心。", En: "New drugs are disguised as \"milk tea\", \"popping candy\" or \"stamps\". Be careful with drinks and snacks from strangers."},
		},
		Notices: Notices{
			Closed: Text{
				Zh: "您的举报已处理完毕。感谢您为禁毒工作提供线索！",
				En: "Your report has been dealt with. Thank you for helping fight drugs!",
			},
		},
		Notify: Notify{Robots: []Robot{}, Alerts: DefaultAlertSettings()},
	}
}

// XiangxiangAreas are the subdistricts, towns and townships of Xiangxiang city.
func XiangxiangAreas() []Area {
	return []Area{
		{"dongshan", "东山街道", "Dongshan Subdistrict"},
		{"wangchunmen", "望春门街道", "Wangchunmen Subdistrict"},
		{"xinxianglu", "新湘路街道", "Xinxianglu Subdistrict"},
		{"kunlunqiao", "昆仑桥街道", "Kunlunqiao Subdistrict"},
		{"shanzao", "山枣镇", "Shanzao Town"},
		{"hutian", "壶天镇", "Hutian Town"},
		{"fanjiang", "翻江镇", "Fanjiang Town"},
		{"longdong", "龙洞镇", "Longdong Town"},
		{"quantang", "泉塘镇", "Quantang Town"},
		{"qizi", "棋梓镇", "Qizi Town"},
		{"maotian", "毛田镇", "Maotian Town"},
		{"yueshan", "月山镇", "Yueshan Town"},
		{"tanshi", "潭市镇", "Tanshi Town"},
		{"dongjiao", "东郊乡", "Dongjiao Township"},
		{"zhongsha", "中沙镇", "Zhongsha Town"},
		{"jinshi", "金石镇", "Jinshi Town"},
		{"baitian", "白田镇", "Baitian Town"},
		{"jinsou", "金薮乡", "Jinsou Township"},
		{"yuduan", "育塅乡", "Yuduan Township"},
		{"meiqiao", "梅桥镇", "Meiqiao Town"},
		{"yutang", "虞唐镇", "Yutang Town"},
		{"lishan", "栗山镇", "Lishan Town"},
	}
}

// DefaultCategories are the kinds of drug crime the office takes reports of.
func DefaultCategories() []Category {
	return []Category{
		{"selling", "贩卖毒品（含零包）", "Selling drugs (incl. street bags)", 2},
		{"use", "吸食毒品", "Drug use", 3},
		{"manufacturing", "制造毒品", "Manufacturing drugs", 1},
		{"cultivation", "种植毒品原植物", "Growing drug plants", 2},
		{"harbouring", "容留他人吸毒", "Harbouring drug use (venues)", 2},
		{"drug_driving", "毒驾", "Drug driving", 1},
		{"trafficking", "走私、运输毒品出境", "Trafficking / smuggling", 1},
		// Precursors feed the dens; parcels and online shops are how small
		// amounts reach the county now; 外流贩毒 is local people dealing in
		// other provinces, which the county answers for too.
		{"precursors", "非法买卖易制毒化学品", "Precursor chemicals", 2},
		{"post_online", "寄递、网络贩毒", "Dealing by post or online", 2},
		{"outbound", "外流贩毒（在外地贩毒）", "Dealing in other regions", 2},
		{"other", "其他涉毒线索", "Other", 3},
	}
}
