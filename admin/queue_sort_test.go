package admin

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestQueueSortHeaders follows the sortable column headers: each link keeps the
// filters, sets its order (the created column toggles newest and oldest), and
// the header of the order in force carries aria-sort; the phones' select
// still sorts.
func TestQueueSortHeaders(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	b.submit(queue.KindReport, "东山街道有人卖零包")
	b.submit(queue.KindReport, "昆仑桥附近有人吸毒")

	header := regexp.MustCompile(`<th aria-sort="([a-z]+)"><a class="sort" href="([^"]+)">`)
	headers := func(path string) (aria []string, links []url.Values) {
		t.Helper()
		res, body := b.get(c, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		for _, m := range header.FindAllStringSubmatch(body, -1) {
			u, err := url.Parse(html.UnescapeString(m[2]))
			if err != nil || u.Path != "/queue" {
				t.Fatalf("sort link %q: %v", m[2], err)
			}
			aria = append(aria, m[1])
			links = append(links, u.Query())
		}
		if len(aria) != 3 {
			t.Fatalf("%s has %d sortable headers", path, len(aria))
		}
		if !regexp.MustCompile(`<select name="sort">`).MatchString(body) {
			t.Errorf("%s lost the sort select", path)
		}
		return aria, links
	}

	// Default order: most urgent first, on the priority column.
	aria, links := headers("/queue?state=new&q=" + url.QueryEscape("卖零包"))
	if aria[0] != "descending" || aria[1] != "none" || aria[2] != "none" {
		t.Errorf("default aria-sort %v", aria)
	}
	for i, want := range []string{"urgent", "newest", "due"} {
		if links[i].Get("sort") != want || links[i].Get("state") != "new" || links[i].Get("q") != "卖零包" {
			t.Errorf("header %d links to %v", i, links[i])
		}
	}
	// Sorted newest first, the created header says descending and offers oldest.
	aria, links = headers("/queue?" + links[1].Encode())
	if aria[1] != "descending" || aria[0] != "none" || links[1].Get("sort") != "oldest" || links[1].Get("q") != "卖零包" {
		t.Errorf("newest: aria %v, created links to %v", aria, links[1])
	}
	aria, links = headers("/queue?" + links[1].Encode())
	if aria[1] != "ascending" || links[1].Get("sort") != "newest" {
		t.Errorf("oldest: aria %v, created links to %v", aria, links[1])
	}
	aria, _ = headers("/queue?" + links[2].Encode())
	if aria[2] != "ascending" || aria[1] != "none" {
		t.Errorf("due: aria %v", aria)
	}
}
