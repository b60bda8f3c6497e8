package admin

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestCannedQuestionFillsTheAskForm: a supervisor writes a canned question;
// on a tip an officer picks it (the link works without scripts) and the ask
// form holds it in the reporter's language, to edit before sending.
func TestCannedQuestionFillsTheAskForm(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor")
	s, c := b.login("supervisor"), b.login("officer")
	if res := b.post(s, "/canned", url.Values{"text_zh": {"请问具体在哪个位置？"}, "text_en": {"Where exactly? <b>"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	if res := b.post(c, "/canned", url.Values{"text_zh": {"问"}, "text_en": {"Q"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an officer wrote a canned question: %d", res.StatusCode)
	}
	b.post(s, "/canned", url.Values{"text_zh": {"  "}, "text_en": {"Empty"}})
	_, page := b.get(s, "/canned")
	if !strings.Contains(page, "中文") || strings.Count(page, `action="/canned/`) != 2 {
		t.Fatalf("the list page does not hold the one question:\n%s", page)
	}
	qs, err := b.queue.CannedQuestions(t.Context(), false)
	if err != nil || len(qs) != 1 {
		t.Fatalf("canned questions %v, %v", qs, err)
	}

	for _, tc := range []struct{ locale, want string }{{"zh-CN", "请问具体在哪个位置？"}, {"en", "Where exactly? <b>"}} {
		id := b.submit(queue.KindReport, "有人卖零包")
		// As if reported in that language.
		b.db.MustExec(`UPDATE tips SET locale = $2 WHERE id = $1`, id, tc.locale)
		path := "/tips/" + strconv.FormatInt(id, 10)
		b.post(c, path+"/claim", url.Values{"version": {"1"}})
		_, body := b.get(c, path)
		if !strings.Contains(body, `data-canned="`+html.EscapeString(tc.want)+`"`) {
			t.Errorf("%s reporter: the tip offers no canned question in their language", tc.locale)
		}
		_, body = b.get(c, path+"?canned="+strconv.FormatInt(qs[0].ID, 10))
		if !strings.Contains(body, `maxlength="`+strconv.Itoa(queue.MaxOfficerText)+`">`+html.EscapeString(tc.want)+`</textarea>`) {
			i := strings.Index(body, `id="f-ask"`)
			t.Errorf("%s reporter: the ask form is not filled: %s", tc.locale, body[max(i, 0):min(i+200, len(body))])
		}
	}
}
