package chat

import (
	"testing"

	"github.com/tipline/tipline/bot/botapi"
)

// A prompt for typed input is a new message at the bottom of the chat, never
// an edit of the message whose button was pressed, which may be far above
// the latest.
func TestPromptIsNeverAnEditAbove(t *testing.T) {
	f := setup(t)
	u := f.user("zh-hans")
	f.msg(u.SendCommand("/start"))
	f.msg(u.SendText("你好"))
	for _, c := range []struct{ press, want string }{
		{"m:status", "status.ask"},
		{"h:ask", "selfhelp.ask"},
	} {
		f.press(u, c.press)
		r := f.expectLast(u, tr("zh-CN", c.want))
		if r.Method != botapi.SendMessage || r.MessageID != 0 {
			t.Errorf("%s: the prompt is a %s of message %d, want a new message", c.press, r.Method, r.MessageID)
		}
	}
}
