package admin

// repliedMessages mark the tips whose reporter wrote since their holder
// last looked.
var repliedMessages = map[string][2]string{
	"queue.replied":      {"已回复", "Replied"},
	"queue.replied_hint": {"举报人在您上次查看后回复或补充了信息", "The reporter answered or added information since you last looked"},
}

func init() {
	for k, v := range repliedMessages {
		messages[k] = v
	}
}
