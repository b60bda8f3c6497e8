package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/tipline/tipline/config"
)

// Tip is what an office notice says of a tip: never who reported it, and
// its description only when the office asked for it
// (notify.alerts.include_description).
type Tip struct {
	ID       int64
	Category string // code
	AreaCode string // "" when the reporter typed the place, "unknown" when not sure
	Priority int    // 1 urgent … 4 low
	Now      bool   // "happening now"
	// Description is quoted, cut short, only when include_description is on.
	Description string
	// Waited is how long an escalated tip has gone unclaimed.
	Waited time.Duration
}

// phrases are the words of alerts in one language.
type phrases struct {
	urgentTitle, escalationTitle            string
	category, place, priority, waited, open string
	excerpt                                 string
	freeTextArea, unknownArea, now          string
	priorities                              [5]string
	minutes                                 string
	sep                                     string // between a priority and "happening now"
}

var zh = phrases{
	urgentTitle:     "【紧急线索】#%d",
	escalationTitle: "【紧急线索无人认领】#%d",
	category:        "类别：",
	place:           "地点：",
	priority:        "优先级：",
	waited:          "已等待：",
	open:            "立即处理：",
	excerpt:         "摘要：",
	freeTextArea:    "其他（举报人自填）",
	unknownArea:     "举报人不确定",
	now:             "正在发生",
	priorities:      [5]string{"", "紧急", "高", "普通", "低"},
	minutes:         "%d 分钟，仍无人认领，请督促处理。",
	sep:             "，",
}

var en = phrases{
	urgentTitle:     "[Urgent tip] #%d",
	escalationTitle: "[Urgent tip not claimed] #%d",
	category:        "Category: ",
	place:           "Place: ",
	priority:        "Priority: ",
	waited:          "Waiting: ",
	open:            "Act now: ",
	excerpt:         "Excerpt: ",
	freeTextArea:    "other (typed by the reporter)",
	unknownArea:     "reporter not sure",
	now:             "happening now",
	priorities:      [5]string{"", "urgent", "high", "normal", "low"},
	minutes:         "%d minutes and nobody has claimed it; please see that it is handled.",
	sep:             ", ",
}

func phrasesFor(locale string) phrases {
	if locale == "en" {
		return en
	}
	return zh
}

// excerptRunes bounds the description an alert quotes when allowed.
const excerptRunes = 200

// UrgentAlert is the duty officers' alert for a new urgent tip, in the
// office's language (digest.locale): number, category, place, priority and
// the link to its page. The place is the configured town's name; a place the
// reporter typed is not quoted, as it may say more than a town.
func UrgentAlert(cfg *config.Config, t Tip) string {
	p := phrasesFor(cfg.Digest.Locale)
	lines := append([]string{fmt.Sprintf(p.urgentTitle, t.ID)}, p.facts(cfg, t)...)
	if cfg.Notify.Alerts.IncludeDescription && t.Description != "" {
		lines = append(lines, p.excerpt+excerpt(t.Description))
	}
	lines = append(lines, p.open+TipLink(cfg, t.ID))
	return strings.Join(lines, "\n")
}

// Escalation is the supervisors' notice for an urgent tip nobody claimed.
func Escalation(cfg *config.Config, t Tip) string {
	p := phrasesFor(cfg.Digest.Locale)
	lines := append([]string{fmt.Sprintf(p.escalationTitle, t.ID)}, p.facts(cfg, t)...)
	lines = append(lines, p.waited+fmt.Sprintf(p.minutes, int(t.Waited.Minutes())), p.open+TipLink(cfg, t.ID))
	return strings.Join(lines, "\n")
}

func (p phrases) facts(cfg *config.Config, t Tip) []string {
	category := t.Category
	if c, ok := cfg.Category(t.Category); ok {
		category = c.Name(cfg.Digest.Locale)
	}
	place := p.freeTextArea
	switch a, ok := cfg.Area(t.AreaCode); {
	case ok:
		place = a.Name(cfg.Digest.Locale)
	case t.AreaCode == "unknown":
		place = p.unknownArea
	}
	priority := p.priorities[max(1, min(4, t.Priority))]
	if t.Now {
		priority += p.sep + p.now
	}
	return []string{p.category + category, p.place + place, p.priority + priority}
}

// TipLink is the admin page of a tip.
func TipLink(cfg *config.Config, id int64) string {
	return strings.TrimRight(cfg.Admin.BaseURL, "/") + fmt.Sprintf("/tips/%d", id)
}

// excerpt is the start of a description on one line.
func excerpt(text string) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= excerptRunes {
		return string(r)
	}
	return string(r[:excerptRunes]) + "…"
}
