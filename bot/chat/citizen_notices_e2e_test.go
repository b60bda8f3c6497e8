package chat_test

import (
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// TestQuestionFollowsTheChatsLanguage: a reporter who filed in Chinese and
// then switched the chat to English gets the officer's question framed in
// English, as the buttons and prompts that follow it are.
func TestQuestionFollowsTheChatsLanguage(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	c := s.citizen(t, "zh-hans")
	tipID, _ := c.report("chat", descriptions["zh-hans"])
	from := c.mark()
	c.u.SendCommand("/start")
	c.press("m:lang", "")
	c.press("l:en", "")
	c.locale = "en"
	c.waitText(from, c.tr("lang.set"))

	from = c.mark()
	q := s.officerAsks(t, "polyglot", tipID, "车是什么颜色?")
	notice := c.waitMsg(from, "the question", func(m telegramtest.Message) bool { return strings.Contains(m.Text, q.Body) })
	if want := c.tr("notice.question", c.tr("about.report", today(s)), q.Body); notice.Text != want {
		t.Fatalf("question notice %q, want %q", notice.Text, want)
	}
	if texts := notice.ButtonTexts(); len(texts) != 1 || texts[0] != c.tr("btn.answer") {
		t.Fatalf("question buttons %q", texts)
	}
}

// TestAnswerToAClosedTip: closing a tip takes the Answer button off its
// questions in the chat; an answer already begun when the tip closed is
// refused with a message that says so, and nothing reaches the dialogue.
func TestAnswerToAClosedTip(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			tipID, _ := c.report("chat", descriptions[lang])
			from := c.mark()
			by := s.actor(t, name("late", lang), "officer")
			if _, err := s.store.Claim(s.ctx, by, tipID, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.store.AskReporter(s.ctx, by, tipID, "几点? What time?", 0); err != nil {
				t.Fatal(err)
			}
			question := c.waitText(from, "What time?")
			from = c.mark()
			c.pressPrefix(from-1, "q:")
			c.waitText(from, c.tr("answer.ask"))

			if _, err := s.store.ResumeReview(s.ctx, by, tipID, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.store.Close(s.ctx, by, tipID, queue.Unfounded, 0, 0); err != nil {
				t.Fatal(err)
			}
			c.waitText(from, s.cfg.Notices.Closed.In(c.locale))
			c.waitMsg(0, "the question without its Answer button", func(m telegramtest.Message) bool {
				return m.ID == question.ID && len(m.InlineKeyboard) == 0
			})

			from = c.mark()
			c.u.SendText("晚上九点 9 pm")
			c.waitText(from, c.tr("answer.gone"))
			for _, d := range s.dialogue(t, tipID) {
				if d.Direction == queue.FromReporter {
					t.Fatalf("an answer to a closed tip was kept: %q", d.Body)
				}
			}
		})
	}
}
