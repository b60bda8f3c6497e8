package chat_test

import (
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// descriptions are reports long enough to pass the wizard, by language code.
var descriptions = map[string]string{
	"zh-hans": "一辆白色面包车,车牌湘C88888,司机经常吸毒后开车,晚上九点在东山街道出没。",
	"en":      "A white van, plate 湘C88888, whose driver often drives after taking drugs, around Dongshan at 9 pm.",
}

// officerAsks claims a tip for a new officer and asks the reporter question.
func (s *stack) officerAsks(t *testing.T, name string, tipID int64, question string) queue.Dialogue {
	t.Helper()
	by := s.actor(t, name, "officer")
	if _, err := s.store.Claim(s.ctx, by, tipID, 0); err != nil {
		t.Fatal(err)
	}
	q, err := s.store.AskReporter(s.ctx, by, tipID, question, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.state(t, tipID); got != queue.StateNeedsInfo {
		t.Fatalf("after the question the tip is %s", got)
	}
	return q
}

// answered checks that the tip's dialogue holds the reporter's answer to q
// and that the tip went back to review.
func (s *stack) answered(t *testing.T, tipID int64, q queue.Dialogue, answer string) {
	t.Helper()
	ds := s.dialogue(t, tipID)
	var found bool
	for _, d := range ds {
		if d.Direction == queue.FromReporter && d.Body == answer && d.ReplyTo != nil && *d.ReplyTo == q.ID {
			found = true
		}
	}
	if !found {
		t.Fatalf("dialogue has no answer %q to question %d: %+v", answer, q.ID, ds)
	}
	if got := s.state(t, tipID); got != queue.StateInReview {
		t.Fatalf("after the answer the tip is %s, want in_review", got)
	}
}

// TestPushDialogue: a reporter who said "you may message me here" gets the
// officer's question in the chat with an Answer button, and answers it.
func TestPushDialogue(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for i, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			tipID, _ := c.report("chat", descriptions[lang])
			if !s.sealed(t, tipID) {
				t.Fatal("a consenting reporter's tip has no sealed contact")
			}
			from := c.mark()
			q := s.officerAsks(t, "push"+string(rune('a'+i)), tipID, "车是什么颜色? What colour is the car?")

			// The question arrives with its Answer button, in the reporter's language.
			notice := c.waitMsg(from, "the question", func(m telegramtest.Message) bool {
				return strings.Contains(m.Text, q.Body)
			})
			if want := c.tr("notice.question", c.tr("about.report", today(s)), q.Body); notice.Text != want {
				t.Fatalf("question notice %q is not the catalogue's %q", notice.Text, want)
			}
			if texts := notice.ButtonTexts(); len(texts) != 1 || texts[0] != c.tr("btn.answer") {
				t.Fatalf("question buttons %q", texts)
			}
			from = c.mark()
			c.pressPrefix(from-1, "q:")
			c.waitText(from, c.tr("answer.ask"))

			// A photo is refused kindly (answers are text) and the answer is
			// still awaited.
			from = c.mark()
			c.u.SendPhoto(jpegWithComment(t, "x"), "")
			c.waitText(from, c.tr("dialogue.empty"))
			answer := "白色 white, 湘C88888"
			c.u.SendText(answer)
			c.waitText(from, c.tr("answer.sent"))
			s.answered(t, tipID, q, answer)
			if ds := s.dialogue(t, tipID); len(ds) != 2 || len(ds[1].Attachments) != 0 {
				t.Fatalf("the refused photo reached the dialogue: %+v", ds)
			}
		})
	}
}

// TestPullDialogue: a reporter who chose "I'll check with my code" is sent
// nothing; the question waits for a receipt check, from any account.
func TestPullDialogue(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for i, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			tipID, receipt := c.report("code", descriptions[lang])
			from := c.mark()
			q := s.officerAsks(t, "pull"+string(rune('a'+i)), tipID, "几点出现? At what time?")

			// Nothing is queued for the chat: the outbox of one chat is sent in
			// order, so once /help is answered anything queued before it
			// would have been delivered too.
			c.u.SendCommand("/help")
			c.waitText(from, c.tr("help.body"))
			for _, m := range c.u.Messages()[from:] {
				if strings.Contains(m.Text, q.Body) {
					t.Fatalf("a code-mode reporter was sent the question: %q", m.Text)
				}
			}
			var queued int
			if err := s.db.GetContext(s.ctx, &queued, `SELECT count(*) FROM outbox WHERE kind = 'dialogue_question'
				AND payload->>'tip_id' = $1`, tipID); err != nil {
				t.Fatal(err)
			}
			if queued != 0 || s.sealed(t, tipID) {
				t.Fatalf("code-mode tip: %d questions queued, contact sealed %v", queued, s.sealed(t, tipID))
			}

			// From another account, the receipt shows the waiting question.
			other := s.citizen(t, lang)
			from = other.check(receipt)
			other.waitText(from, c.tr("state.needs_info"))
			question := other.waitText(from, q.Body)
			if !strings.Contains(question.Text, strings.TrimSpace(strings.Split(c.tr("status.question", ""), "\n")[0])) {
				t.Fatalf("question %q is not shown as the officer's", question.Text)
			}
			from = other.mark()
			other.pressPrefix(0, "q:")
			other.waitText(from, c.tr("answer.ask"))
			answer := "晚上九点 9 pm"
			other.u.SendText(answer)
			other.waitText(from, c.tr("answer.sent"))
			s.answered(t, tipID, q, answer)
		})
	}
}

// TestAddInformation: Check my report → Add information; the text joins the
// dialogue and its phone number is linked to the tip.
func TestAddInformation(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	phones := map[string]string{"zh-hans": "13912345678", "en": "13987654321"}
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			tipID, receipt := c.report("code", descriptions[lang])

			from := c.mark()
			c.u.SendCommand("/start")
			c.waitText(from, c.tr("menu.intro"))
			c.press("m:status", "")
			c.waitText(from, c.tr("status.ask"))
			c.u.SendText(string(receipt))
			c.waitText(from, c.tr("state.new"))
			from = c.mark()
			c.pressPrefix(0, "i:")
			c.waitText(from, c.tr("addinfo.ask"))
			added := "他的另一个号码 other number " + phones[lang]
			c.u.SendText(added)
			c.waitText(from, c.tr("addinfo.done"))

			ds := s.dialogue(t, tipID)
			if len(ds) != 1 || ds[0].Direction != queue.FromReporter || ds[0].Body != added || ds[0].ReplyTo != nil {
				t.Fatalf("dialogue %+v", ds)
			}
			ents, err := s.store.Entities(s.ctx, tipID)
			if err != nil {
				t.Fatal(err)
			}
			var linked bool
			for _, e := range ents {
				linked = linked || e.Kind == queue.EntityPhone && e.Value == phones[lang]
			}
			if !linked {
				t.Fatalf("the added phone number is not linked: %+v", ents)
			}
		})
	}
}
