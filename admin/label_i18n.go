package admin

// labelMessages are the words of tip labels.
var labelMessages = map[string][2]string{
	"label.title":          {"标签", "Labels"},
	"label.none":           {"还没有标签。", "No labels yet."},
	"label.add":            {"添加标签", "Add label"},
	"label.placeholder":    {"专项行动或自定义标签", "An operation, or a word of your own"},
	"label.remove":         {"删除标签“%s”", "Remove the label \"%s\""},
	"col.labels":           {"标签", "Labels"},
	"list.sep":             {"、", ", "},
	"field.label":          {"标签（1至40个字）", "label (1 to 40 characters)"},
	"done.label":           {"标签已添加。", "Label added."},
	"done.unlabel":         {"标签已删除。", "Label removed."},
	"event.labelled":       {"添加标签", "Label added"},
	"event.unlabelled":     {"删除标签", "Label removed"},
	"audit.do.tip.label":   {"添加标签", "Label added"},
	"audit.do.tip.unlabel": {"删除标签", "Label removed"},
}

func init() {
	for k, v := range labelMessages {
		messages[k] = v
	}
}
