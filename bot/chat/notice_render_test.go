package chat

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/queue"
)

// TestEveryNoticeRendersInEveryLanguage: each kind of notice the queue
// sends a reporter renders in the bot in both languages, with no key of the
// catalogues left showing; a kind added to the queue without a sample here
// fails this test until the bot renders it.
func TestEveryNoticeRendersInEveryLanguage(t *testing.T) {
	f := setup(t)
	submitted := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	due := submitted.AddDate(0, 2, 0)
	samples := map[string]func(locale string) queue.Notice{
		queue.QuestionNotice{}.Kind(): func(l string) queue.Notice {
			return queue.QuestionNotice{TipID: 5, DialogueID: 9, Body: "车牌号是多少？", Locale: l, TipKind: "report", Submitted: submitted}
		},
		queue.QuestionImageNotice{}.Kind(): func(l string) queue.Notice {
			return queue.QuestionImageNotice{TipID: 5, DialogueID: 9, Locale: l, Name: "image.jpg", Data: []byte{0xFF, 0xD8, 0xFF, 0xD9}}
		},
		queue.ClosingNotice{}.Kind(): func(l string) queue.Notice {
			return queue.ClosingNotice{TipID: 5, Locale: l, TipKind: "report", Resolution: "actioned", Submitted: submitted}
		},
		queue.RewardNotice{}.Kind(): func(l string) queue.Notice {
			return queue.RewardNotice{TipID: 5, AmountCents: 200000, ClaimDue: &due, Locale: l, Submitted: submitted}
		},
		queue.KeyboardRetired{}.Kind(): func(string) queue.Notice { return queue.KeyboardRetired{OutboxID: 42} },
	}
	for _, n := range queue.NoticeKinds {
		sample, ok := samples[n.Kind()]
		if !ok {
			t.Errorf("no sample of notice %q: add one, and its rendering", n.Kind())
			continue
		}
		for _, locale := range []string{"zh-CN", "en"} {
			payload, err := json.Marshal(sample(locale))
			if err != nil {
				t.Fatal(err)
			}
			r, err := f.conv.Render(n.Kind(), payload)
			if err != nil {
				t.Errorf("%s in %s: %v", n.Kind(), locale, err)
				continue
			}
			if r.Method != botapi.EditMessageReplyMarkup && strings.TrimSpace(r.Text) == "" {
				t.Errorf("%s in %s renders no text", n.Kind(), locale)
			}
			if strings.Contains(r.Text, "notice.") || strings.Contains(r.Text, "%!") {
				t.Errorf("%s in %s shows a key or a bad format: %q", n.Kind(), locale, r.Text)
			}
		}
	}
}
