package jobs

import (
	"fmt"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

// words are the texts officers read in digests and alerts, per language.
type words struct {
	locale                                 string
	dailyTitle, weeklyTitle, late          string
	newTips, sameDayLastWeek, weekBefore   string
	aside, listSep                         string // "（%s）" and "，" in Chinese
	byCategory, byArea, byChannel          string
	urgent, none                           string
	backlog, overdue, rewardsWaiting, more string
	freeTextArea, unknownArea              string
	triageAlert, feedbackDue               string
	rewardNotifyDue, rewardClaimDue, dueAt string
	excerpt                                string
	csvHeader                              []string
	states                                 map[queue.State]string
	priorities                             map[queue.Priority]string
	occurred                               map[queue.Occurred]string
	resolutions                            map[queue.Resolution]string
	channels                               map[string]string
	age                                    func(time.Duration) string
	// part marks part i of n of a digest sent in several messages.
	part func(i, n int) string
	// The weekly results: their heading, the outcomes line (actioned,
	// criminal, administrative, detained, users found) and the towns listed
	// for clean-up ("%s": their names, or none).
	results, resultsLine, listedTowns, noTownListed string
	// outreach is the week's reports by outreach campaign kind ("%s").
	outreach, noCampaign string
	// guardNote explains a "*" (see internal/smallcount).
	guardNote string
}

var wordsZh = words{
	locale:          "zh-CN",
	results:         "本周成效（按办结和破案日期）",
	resultsLine:     "已查处 %d 条 · 刑事案件 %d 起 · 行政案件 %d 起 · 抓获 %d 人 · 查获吸毒人员 %d 人",
	listedTowns:     "挂牌整治：%s",
	noTownListed:    "挂牌整治：无",
	outreach:        "举报来源：%s",
	noCampaign:      "未经宣传活动",
	guardNote:       "（“*”为保护小数字一并隐藏的数字）",
	part:            func(i, n int) string { return fmt.Sprintf("\n（第%d部分，共%d部分）", i, n) },
	dailyTitle:      "湘乡市禁毒举报日报",
	weeklyTitle:     "湘乡市禁毒举报周报",
	late:            "（补发）",
	aside:           "（%s）",
	listSep:         "，",
	newTips:         "新线索 %d 件",
	sameDayLastWeek: "上周同日 %d 件",
	weekBefore:      "前一周 %d 件",
	byCategory:      "按类别",
	byArea:          "按区域",
	byChannel:       "按渠道",
	urgent:          "紧急和高优先级线索",
	none:            "无",
	backlog:         "待办（按状态）",
	overdue:         "逾期线索 %d 件",
	rewardsWaiting:  "待处理奖励 %d 项",
	more:            "……另有 %d 件",
	freeTextArea:    "其他（自填地点）",
	unknownArea:     "地点不确定",
	triageAlert:     "以下线索已超过分拣期限：",
	feedbackDue:     "以下已移交线索的反馈已逾期：",
	rewardNotifyDue: "以下奖励即将超过告知期限：",
	rewardClaimDue:  "以下已告知的奖励即将超过领取期限，尚未兑付：",
	dueAt:           "期限 %s",
	excerpt:         "摘要",
	csvHeader:       []string{"编号", "提交时间", "类别", "区域", "发生时间", "优先级", "状态", "结果", "链接"},
	states: map[queue.State]string{
		queue.StateNew: "待分拣", queue.StateInReview: "审查中", queue.StateNeedsInfo: "待补充",
		queue.StateForwarded: "已移交", queue.StateClosed: "已办结",
	},
	priorities: map[queue.Priority]string{
		queue.PriorityUrgent: "紧急", queue.PriorityHigh: "高", queue.PriorityNormal: "普通", queue.PriorityLow: "低",
	},
	occurred: map[queue.Occurred]string{
		queue.OccurredNow: "正在发生", queue.OccurredToday: "今天", queue.OccurredThisWeek: "本周", queue.OccurredEarlier: "更早",
	},
	resolutions: map[queue.Resolution]string{
		queue.Actioned: "已查处", queue.Unfounded: "查无实据", queue.Duplicate: "重复",
		queue.Spam: "无效信息", queue.OutOfScope: "不属受理范围",
	},
	channels: map[string]string{"telegram": "Telegram", "web": "网页举报"},
	age: func(d time.Duration) string {
		switch {
		case d < time.Hour:
			return fmt.Sprintf("%d分钟", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%d小时", int(d.Hours()))
		}
		return fmt.Sprintf("%d天", int(d.Hours()/24))
	},
}

var wordsEn = words{
	locale:          "en",
	results:         "Results this week (by the day closed or solved)",
	resultsLine:     "Actioned %d · criminal cases %d · administrative cases %d · detained %d · drug users found %d",
	listedTowns:     "Listed for clean-up: %s",
	noTownListed:    "Listed for clean-up: none",
	outreach:        "Where reports came from: %s",
	noCampaign:      "no campaign",
	guardNote:       " (\"*\": hidden too, so that a small count cannot be worked out)",
	part:            func(i, n int) string { return fmt.Sprintf("\n(part %d of %d)", i, n) },
	dailyTitle:      "Xiangxiang drug tip line: daily digest",
	weeklyTitle:     "Xiangxiang drug tip line: weekly summary",
	late:            " (sent late)",
	aside:           " (%s)",
	listSep:         ", ",
	newTips:         "%d new tips",
	sameDayLastWeek: "same day last week %d",
	weekBefore:      "week before %d",
	byCategory:      "By category",
	byArea:          "By area",
	byChannel:       "By channel",
	urgent:          "Urgent and high priority tips",
	none:            "none",
	backlog:         "Backlog by state",
	overdue:         "%d overdue tips",
	rewardsWaiting:  "%d rewards waiting for action",
	more:            "… and %d more",
	freeTextArea:    "Other (typed by reporter)",
	unknownArea:     "Place not sure",
	triageAlert:     "These tips are past their triage deadline:",
	feedbackDue:     "Feedback on these forwarded tips is overdue:",
	rewardNotifyDue: "These rewards are nearing their notification deadline:",
	rewardClaimDue:  "These notified rewards are nearing their claim deadline and are unpaid:",
	dueAt:           "due %s",
	excerpt:         "excerpt",
	csvHeader:       []string{"id", "submitted", "category", "area", "occurred", "priority", "state", "resolution", "link"},
	states: map[queue.State]string{
		queue.StateNew: "new", queue.StateInReview: "in review", queue.StateNeedsInfo: "needs info",
		queue.StateForwarded: "forwarded", queue.StateClosed: "closed",
	},
	priorities: map[queue.Priority]string{
		queue.PriorityUrgent: "urgent", queue.PriorityHigh: "high", queue.PriorityNormal: "normal", queue.PriorityLow: "low",
	},
	occurred: map[queue.Occurred]string{
		queue.OccurredNow: "happening now", queue.OccurredToday: "today", queue.OccurredThisWeek: "this week", queue.OccurredEarlier: "earlier",
	},
	resolutions: map[queue.Resolution]string{
		queue.Actioned: "actioned", queue.Unfounded: "unfounded", queue.Duplicate: "duplicate",
		queue.Spam: "spam", queue.OutOfScope: "out of scope",
	},
	channels: map[string]string{"telegram": "Telegram", "web": "Web"},
	age: func(d time.Duration) string {
		switch {
		case d < time.Hour:
			return fmt.Sprintf("%dm", int(d.Minutes()))
		case d < 48*time.Hour:
			return fmt.Sprintf("%dh", int(d.Hours()))
		}
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	},
}

func wordsFor(locale string) words {
	if locale == "en" {
		return wordsEn
	}
	return wordsZh
}

func (w words) category(cfg *config.Config, code string) string {
	if c, ok := cfg.Category(code); ok {
		return c.Name(w.locale)
	}
	return code
}

func (w words) area(cfg *config.Config, code string) string {
	switch code {
	case "":
		return w.freeTextArea
	case queue.AreaUnknown:
		return w.unknownArea
	}
	if a, ok := cfg.Area(code); ok {
		return a.Name(w.locale)
	}
	return code
}

// channel names a channel; one without a name yet (added later) shows its code.
func (w words) channel(code string) string {
	if n, ok := w.channels[code]; ok {
		return n
	}
	return code
}

// tipArea names a tip's area; free text typed by the reporter is not quoted,
// since it may say more than a town.
func (w words) tipArea(cfg *config.Config, t queue.Tip) string {
	return w.area(cfg, t.AreaCode)
}
