package admin

// askImageMessages are the words of an image sent with a question.
var askImageMessages = map[string][2]string{
	"ask.image":         {"附一张图片（可选）", "Attach an image (optional)"},
	"ask.image_warning": {"注意：图片会发给举报人，离开本办公室。发送前会自动去除其中的位置和相机信息，但画面本身请确认可以给举报人看。", "Careful: the image goes to the reporter and leaves the office. Its location and camera data are removed before it is sent, but make sure the picture itself may be shown to them."},
	"field.image":       {"图片（须为可清理的图片，不超过5 MB）", "image (an image that can be cleaned, at most 5 MB)"},
}

func init() {
	for k, v := range askImageMessages {
		messages[k] = v
	}
}
