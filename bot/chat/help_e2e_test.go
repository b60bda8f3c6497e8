package chat_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// TestHelpConversation: a person who asked a counsellor for help to quit is
// answered and closed in the words of help, never as a reporter of crime:
// the counsellor "replies", the button says Reply, and the closing says what
// came of the question, not "thank you for helping fight drugs".
func TestHelpConversation(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			from := c.mark()
			c.u.SendCommand("/start")
			c.press("m:self", "")
			c.press("h:ask", "")
			c.waitText(from, c.tr("selfhelp.ask"))
			c.u.SendText("我想戒掉冰毒,该去哪里? How do I quit meth?")
			tipID, _ := c.receipt(from)

			couns := s.actor(t, name("helper", lang), "counsellor")
			if _, err := s.store.Claim(s.ctx, couns, tipID, 0); err != nil {
				t.Fatal(err)
			}
			reply := "可以先到社区康复工作站聊聊。 You could start at the community station."
			from = c.mark()
			if _, err := s.store.AskReporter(s.ctx, couns, tipID, reply, 0); err != nil {
				t.Fatal(err)
			}
			notice := c.waitMsg(from, "the counsellor's reply", func(m telegramtest.Message) bool {
				return strings.Contains(m.Text, reply)
			})
			if want := c.tr("notice.help_reply", c.tr("about.help", today(s)), reply); notice.Text != want ||
				strings.Contains(notice.Text, "办案人员") || strings.Contains(notice.Text, "officer") {
				t.Fatalf("the reply to a help question reads %q, want %q", notice.Text, want)
			}
			if texts := notice.ButtonTexts(); len(texts) != 1 || texts[0] != c.tr("btn.reply") {
				t.Fatalf("reply buttons %q", texts)
			}

			// The person writes back; the thanks do not speak of officers.
			from = c.mark()
			c.pressPrefix(from-1, "q:")
			c.waitText(from, c.tr("answer.ask"))
			c.u.SendText("谢谢,我想试试。 Thank you, I will try.")
			thanks := c.waitText(from, c.tr("answer.sent"))
			if strings.Contains(thanks.Text, "办案人员") || strings.Contains(thanks.Text, "officer") {
				t.Fatalf("the person who asked for help is thanked as a reporter: %q", thanks.Text)
			}
			from = c.mark()
			if _, err := s.store.Close(s.ctx, couns, tipID, queue.ReferredRehab, 0, 0); err != nil {
				t.Fatal(err)
			}
			want := c.tr("notice.help_closed.referred_rehab", c.tr("about.help", today(s)))
			closing := c.waitText(from, want)
			if strings.Contains(closing.Text, s.cfg.Notices.Closed.In(c.locale)) {
				t.Fatalf("a help question closed with the reporters' thanks: %q", closing.Text)
			}
		})
	}
}

// today is the day, in the office's zone, that a tip filed now carries.
func today(s *stack) string {
	return time.Now().In(s.cfg.Location).Format("2006-01-02")
}
