package admin

// dashboardMessages are the dashboard's words added with its label chart.
var dashboardMessages = map[string][2]string{
	"dash.by_label":    {"按标签（本期收到的举报）", "By label (reports received in the range)"},
	"dash.by_source":   {"按来源（宣传活动类型）", "By source (outreach campaign kind)"},
	"dash.no_campaign": {"未经宣传活动", "No campaign"},
	"tip.source":       {"来自宣传活动", "From outreach"},
	"dash.no_labels":   {"本期收到的举报还没有标签。", "No report received in the range has a label yet."},
	// sep.colon joins a label to its value in running text.
	"sep.colon": {"：", ": "},
}

func init() {
	for k, v := range dashboardMessages {
		messages[k] = v
	}
}
