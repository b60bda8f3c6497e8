package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestClosedTipNamesItsResolution: a closed tip's header names why it was
// closed in the reader's language, never the value's address in memory.
func TestClosedTipNamesItsResolution(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "东山街道有人卖零包")
	tipPath := "/tips/" + strconv.FormatInt(id, 10)
	b.post(c, "/queue/claim-next", nil)
	tip, _ := b.queue.Get(t.Context(), id)
	if res := b.post(c, tipPath+"/close", url.Values{"version": {strconv.Itoa(tip.Version)}, "resolution": {"actioned"}, "case_kind": {"none"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	for locale, want := range map[string]string{"zh-CN": "已办结 · 已查处", "en": "Actioned"} {
		b.post(c, "/account/locale", url.Values{"locale": {locale}, "back": {tipPath}})
		_, body := b.get(c, tipPath)
		header, _, _ := strings.Cut(body, "</h1>")
		if strings.Contains(body, "resolution.") || !strings.Contains(body, want) {
			t.Errorf("%s: the closed tip's page does not name its resolution %q:\n%s", locale, want, header)
		}
	}
}

// TestExportLinkKeepsTheTabsFilter: "导出CSV" from a filtered tab exports
// that tab, its query written as a query, not escaped into one value.
func TestExportLinkKeepsTheTabsFilter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor")
	s := b.login("supervisor")
	_, body := b.get(s, "/queue?state=closed&sort=oldest")
	if !strings.Contains(body, `href="/export.csv?sort=oldest&amp;state=closed"`) {
		i := strings.Index(body, "/export.csv")
		t.Fatalf("export link: %s", body[max(i-10, 0):min(i+80, len(body))])
	}
}
