package admin

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestRefusedTipFormsKeepWhatWasTyped: a forward to a unit that is not
// configured, a label too long and a block without a reason are refused,
// and the page shows the forms with what was typed, not empty.
func TestRefusedTipFormsKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor")
	s := b.login("supervisor")
	id := b.submit(queue.KindReport, "东山街道有人卖零包")
	path := "/tips/" + strconv.FormatInt(id, 10)
	b.post(s, path+"/claim", url.Values{"version": {"1"}})
	tip, err := b.queue.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	b.post(s, path+"/forward", url.Values{"version": {strconv.Itoa(tip.Version)}, "unit": {"no_such_unit"}, "case": {"湘公（禁）立字〔2026〕117号"}})
	_, body := b.get(s, path)
	if !strings.Contains(body, `name="case" maxlength="100" value="湘公（禁）立字〔2026〕117号"`) {
		i := strings.Index(body, `id="f-case"`)
		t.Errorf("the refused forward's case number is gone: %s", body[max(i, 0):min(i+160, len(body))])
	}
	long := strings.Repeat("专项", 21)
	b.post(s, path+"/labels", url.Values{"label": {long}})
	_, body = b.get(s, path)
	if !strings.Contains(body, `value="`+long+`"`) {
		t.Error("the refused label is gone")
	}
	// Read once: the next page shows empty forms again.
	_, body = b.get(s, path)
	if strings.Contains(body, `value="`+long+`"`) {
		t.Error("a kept form outlives the page it was kept for")
	}
}
