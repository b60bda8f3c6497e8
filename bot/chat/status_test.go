package chat

import (
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

func TestStatusRightAndWrongCodes(t *testing.T) {
	f := setup(t)
	f.cfg.Limits.WrongReceiptsPerHour = 3
	r, err := queue.NewReceipt()
	if err != nil {
		t.Fatal(err)
	}
	f.q.views[r] = queue.ReporterView{
		TipID: 41, Kind: queue.KindReport, State: queue.StateNeedsInfo, CreatedAt: f.now,
		RewardState: "notified", RewardAmountCents: 50000, RewardClaimDue: &f.now,
		Questions: []queue.Dialogue{{ID: 7, TipID: 41, Body: "<b>Which</b> door?"}},
	}
	// Another account than the reporter's: the receipt works from anywhere.
	u := f.user("en")
	f.press(u, "m:status")
	// Typed as a person may type it: lower case, spaces, no dashes.
	f.msg(u.SendText(strings.ToLower(strings.ReplaceAll(string(r), "-", " "))))
	rs := f.replies(u)
	var view, question string
	var addData, answerData string
	for _, rq := range rs {
		switch {
		case strings.Contains(rq.Text, "Status:"):
			view = rq.Text
			for _, b := range buttons(rq) {
				if strings.HasPrefix(b, "i:") {
					addData = b
				}
			}
		case strings.Contains(rq.Text, "The officer asks"):
			question = rq.Text
			answerData = buttons(rq)[0]
		}
	}
	if !strings.Contains(view, "more information needed") || !strings.Contains(view, "500.00") || !strings.Contains(view, "receipt code") && !strings.Contains(view, "claim") {
		t.Fatalf("view: %q", view)
	}
	if !strings.Contains(question, "<b>Which</b> door?") || addData == "" || answerData == "" {
		t.Fatalf("question %q, buttons %q %q", question, addData, answerData)
	}

	f.press(u, answerData)
	f.msg(u.SendText("The back door, next to the noodle shop."))
	f.press(u, addData)
	f.msg(u.SendText("He also uses a white van."))
	if len(f.q.answers) != 1 || f.q.answers[0] != "41:7:The back door, next to the noodle shop." {
		t.Fatalf("answers %v", f.q.answers)
	}
	if len(f.q.added) != 1 || f.q.added[0] != "41:He also uses a white van." {
		t.Fatalf("added %v", f.q.added)
	}

	// A forged button (another tip id, the MAC of this one) reaches nothing.
	forged := strings.Replace(addData, "i:41:", "i:42:", 1)
	f.press(u, forged)
	f.msg(u.SendText("this must not reach tip 42"))
	if len(f.q.added) != 1 {
		t.Fatalf("forged button added information: %v", f.q.added)
	}

	// Wrong codes: malformed and unknown are answered alike, then limited.
	other, _ := queue.NewReceipt()
	f.msg(u.SendCommand("/status not-a-code"))
	bad := f.last(u).Text
	f.msg(u.SendCommand("/status " + string(other)))
	unknown := f.last(u).Text
	if bad != unknown || !strings.Contains(bad, "No report was found") {
		t.Fatalf("wrong codes answered differently: %q vs %q", bad, unknown)
	}
	f.msg(u.SendCommand("/status 0000-0000-0000-0000"))
	f.msg(u.SendCommand("/status " + string(r))) // right, but the limit is reached
	f.expectLast(u, "Too many wrong codes")
	views := func() int {
		n := 0
		for _, rq := range f.replies(u) {
			if strings.Contains(rq.Text, "Status:") {
				n++
			}
		}
		return n
	}
	before := views()
	f.now = f.now.Add(time.Hour)
	f.msg(u.SendCommand("/status " + string(r)))
	if views() != before+1 {
		t.Fatal("the right code is not answered once the hour has passed")
	}
}

// questionOfTip41 checks a receipt of tip 41, which waits for an answer to
// question 7, as u; it returns the data of the status's "Add information"
// and the question's "Answer" buttons.
func (f *fixture) questionOfTip41(u *telegramtest.User) (addData, answerData string) {
	f.t.Helper()
	r, err := queue.NewReceipt()
	if err != nil {
		f.t.Fatal(err)
	}
	f.q.views[r] = queue.ReporterView{TipID: 41, Kind: queue.KindReport, State: queue.StateNeedsInfo, CreatedAt: f.now,
		Questions: []queue.Dialogue{{ID: 7, TipID: 41, Body: "Which door?"}}}
	f.msg(u.SendCommand("/status " + string(r)))
	for _, rq := range f.replies(u) {
		for _, b := range buttons(rq) {
			switch {
			case strings.HasPrefix(b, "i:"):
				addData = b
			case strings.HasPrefix(b, "q:"):
				answerData = b
			}
		}
	}
	return addData, answerData
}

// Answers and added information take a photo or file with its caption as
// the words, cleaned as a report's evidence; a file without words, or one
// refused, leaves the answer still awaited.
func TestAnswerAndAddInformationWithFiles(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	addData, answerData := f.questionOfTip41(u)
	f.press(u, answerData)
	f.msg(u.SendPhoto(dirtyJPEG(t, "owner ZhangWei"), ""))
	f.expectLast(u, "add a caption")
	f.msg(u.SendDocument("door.jpg", "image/jpeg", pdfBytes, "the back door"))
	f.expectLast(u, "does not match its type")
	f.msg(u.SendPhoto(dirtyJPEG(t, "owner ZhangWei"), "The back door, by the noodle shop."))
	f.expectLast(u, "Your reply has been delivered")
	f.press(u, addData)
	f.msg(u.SendDocument("ledger.pdf", "application/pdf", pdfBytes, "His ledger."))
	if len(f.q.answers) != 1 || f.q.answers[0] != "41:7:The back door, by the noodle shop." || len(f.q.added) != 1 || f.q.added[0] != "41:His ledger." {
		t.Fatalf("answers %v, added %v", f.q.answers, f.q.added)
	}
	photo, ledger := f.q.files[0], f.q.files[1]
	if len(photo) != 1 || photo[0].Kind != "image" || strings.Contains(string(photo[0].Data), "ZhangWei") || len(ledger) != 1 || ledger[0].FileName == "ledger.pdf" {
		t.Fatalf("files %+v %+v", photo, ledger)
	}
}

func TestClosedHelpView(t *testing.T) {
	f := setup(t)
	r, _ := queue.NewReceipt()
	f.q.views[r] = queue.ReporterView{TipID: 3, Kind: queue.KindReport, State: queue.StateClosed, CreatedAt: f.now}
	u := f.user("zh")
	f.msg(u.SendCommand("/status " + string(r)))
	last := f.expectLast(u, "已办结")
	for _, b := range buttons(last) {
		if strings.HasPrefix(b, "i:") {
			t.Fatal("a closed tip offers to add information")
		}
	}
}

// An answer's file that cannot be cleaned is asked about too; kept anyway,
// it goes with the answer's words.
func TestAnswerWithUncleanableFile(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	_, answerData := f.questionOfTip41(u)
	f.press(u, answerData)
	f.msg(u.SendDocument("door.bin", "application/octet-stream", []byte(strings.Repeat("unknown format ", 10)), "The back door."))
	f.expectLast(u, "send a screenshot instead")
	if len(f.q.answers) != 0 {
		t.Fatal("the answer went before the reporter chose")
	}
	f.press(u, "u:answer:keep")
	f.expectLast(u, "Your reply has been delivered")
	if len(f.q.answers) != 1 || f.q.answers[0] != "41:7:The back door." || len(f.q.files[0]) != 1 || f.q.files[0][0].CleanStatus != "uncleanable" {
		t.Fatalf("answers %v, files %+v", f.q.answers, f.q.files)
	}
}
