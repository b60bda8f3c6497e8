package chat

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/queue"
)

// A closed report's notice asks the one satisfaction question with four
// signed buttons; a press records the reporter's answer, a forged or
// tampered press records nothing, and a help question's closing asks none.
func TestClosingNoticeAsksSatisfaction(t *testing.T) {
	f := setup(t)
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	submitted := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	r, err := f.conv.Render("tip_closed", raw(map[string]any{"tip_id": 5, "locale": "zh-CN", "kind": "report", "resolution": "actioned", "submitted": submitted}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "您对这次举报的处理满意吗") {
		t.Errorf("the notice does not ask: %q", r.Text)
	}
	for _, v := range queue.Satisfactions {
		if !hasButton(r, f.conv.satisfactionData(5, v)) {
			t.Errorf("no button for answer %d", v)
		}
	}
	if got := strings.Join(labels(r), "|"); got != "非常满意|满意|基本满意|不满意" {
		t.Errorf("buttons read %q", got)
	}
	help, err := f.conv.Render("tip_closed", raw(map[string]any{"tip_id": 6, "locale": "zh-CN", "kind": "help", "resolution": "info_given", "submitted": submitted}))
	if err != nil || len(buttons(help)) != 0 || strings.Contains(help.Text, "满意") {
		t.Errorf("a help question's closing asks for satisfaction: %+v %v", help, err)
	}

	u := f.user("zh")
	f.press(u, f.conv.satisfactionData(5, 2))
	forged := f.conv.satisfactionData(6, 1)
	f.press(u, strings.Replace(forged, "s:6:", "s:7:", 1)) // another tip under tip 6's MAC
	f.press(u, strings.Replace(f.conv.satisfactionData(5, 4), ":4:", ":1:", 1))
	if len(f.q.rated) != 1 || f.q.rated[5] != 2 {
		t.Errorf("answers recorded %v, want only tip 5 satisfied (2)", f.q.rated)
	}
}

// labels lists the texts of a request's keyboard buttons.
func labels(r botapi.Request) []string {
	b, _ := json.Marshal(r.ReplyMarkup)
	var kb struct {
		Rows [][]struct {
			Text string `json:"text"`
		} `json:"inline_keyboard"`
	}
	_ = json.Unmarshal(b, &kb)
	var out []string
	for _, row := range kb.Rows {
		for _, btn := range row {
			out = append(out, btn.Text)
		}
	}
	return out
}
