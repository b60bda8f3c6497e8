package admin

// dashboardMessages are the dashboard's words added with its label chart.
var dashboardMessages = map[string][2]string{
	"dash.by_label":  {"按标签（本期收到的举报）", "By label (reports received in the range)"},
	"dash.no_labels": {"本期收到的举报还没有标签。", "No report received in the range has a label yet."},
	// sep.colon joins a label to its value in running text.
	"sep.colon": {"：", ": "},
}

func init() {
	for k, v := range dashboardMessages {
		messages[k] = v
	}
}
