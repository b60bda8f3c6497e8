package admin

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestOverdueSaysWhichDeadline: a forwarded tip past its feedback deadline
// reads "feedback overdue" beside that deadline, a new tip past triage reads
// "triage overdue", in both languages, on the queue and on the tip.
func TestOverdueSaysWhichDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	late := b.submit(queue.KindReport, "研判超期的线索")
	fwd := b.submit(queue.KindReport, "反馈超期的线索")
	if _, err := b.db.Exec(`UPDATE tips SET triage_due = now() - interval '1 hour' WHERE id = $1`, late); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`UPDATE tips SET state = 'forwarded', forwarded_unit = '东山派出所', forwarded_at = now(),
		triage_due = now() + interval '1 day', feedback_due = now() - interval '1 hour' WHERE id = $1`, fwd); err != nil {
		t.Fatal(err)
	}
	c := b.login("officer")
	row := func(body string, id int64) string {
		_, rest, _ := strings.Cut(body, `href="/tips/`+strconv.FormatInt(id, 10)+`"`)
		r, _, _ := strings.Cut(rest, "</tr>")
		return r
	}
	for _, lang := range []struct{ locale, triage, feedback, due string }{
		{"zh-CN", "研判已超期", "反馈已超期", "反馈期限"}, {"en", "Triage overdue", "Feedback overdue", "Feedback due"}} {
		b.post(c, "/account/locale", url.Values{"locale": {lang.locale}, "back": {"/queue"}})
		_, body := b.get(c, "/queue")
		if r := row(body, fwd); !strings.Contains(r, lang.feedback) || !strings.Contains(r, lang.due) || strings.Contains(r, lang.triage) {
			t.Errorf("%s: forwarded row does not name the feedback deadline: %s", lang.locale, r)
		}
		if r := row(body, late); !strings.Contains(r, lang.triage) || strings.Contains(r, lang.feedback) {
			t.Errorf("%s: late row does not name the triage deadline: %s", lang.locale, r)
		}
		if _, page := b.get(c, "/tips/"+strconv.FormatInt(fwd, 10)); !strings.Contains(page, lang.feedback) || strings.Contains(page, lang.triage) {
			t.Errorf("%s: forwarded tip page does not name the feedback deadline", lang.locale)
		}
	}
}
