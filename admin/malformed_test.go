package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestMalformedInputIsNeverAServerError walks the route table as an
// administrator with ids that are not ids and forms that make no sense: every
// answer is a refusal (4xx) or the page back with a message, never a 500.
func TestMalformedInputIsNeverAServerError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("admin")
	c := b.login("admin")
	tip := strconv.FormatInt(b.submit(queue.KindReport, "东山街道有人卖零包"), 10)
	huge := strings.Repeat("字", 100000)
	forms := []url.Values{
		{},
		{"version": {"abc"}, "priority": {"99"}, "resolution": {"nonsense"}, "role": {"emperor"}, "step": {"paid?"}, "amount": {"-1e400"}},
		{"version": {"99999999999999999999"}, "priority": {"-3"}, "resolution": {huge}, "body": {huge}, "unit": {huge}, "case": {huge}},
		{"version": {"1"}, "body": {"\xff\xfe\xfd"}, "unit": {"\xc3\x28"}, "display_name": {"\xff"}, "username": {"\xff"}, "password": {"\xff"},
			"assignee": {"-1"}, "duplicate_of": {"abc"}, "locale": {"xx"}, "back": {"//evil.example"}, "code": {"\xff"}, "blocked": {"maybe"}},
	}
	reached := map[bool]int{}
	var h handler
	for _, rt := range h.routeTable() {
		method, pattern, _ := strings.Cut(rt.pattern, " ")
		if strings.HasPrefix(pattern, "/logout") || pattern == "/login" || pattern == "/login/totp" {
			continue
		}
		ids := []string{"abc", "99999999999999999999", "-1", tip}
		if !strings.Contains(pattern, "{") {
			ids = ids[:1] // nothing to vary in the path
		}
		for _, id := range ids {
			path := strings.NewReplacer("{id}", id, "{att}", id, "{username}", "%FF", "{$}", "").Replace(pattern)
			if method == http.MethodGet {
				res, _ := b.get(c, path+"?state=%FF&priority=abc&after=%FF%FE")
				if res.StatusCode >= 500 {
					t.Errorf("GET %s: %d", path, res.StatusCode)
				}
				continue
			}
			for i, form := range forms {
				res := b.post(c, path, form)
				reached[res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusUnauthorized]++
				if res.StatusCode >= 500 {
					t.Errorf("POST %s form %d: %d", path, i, res.StatusCode)
				}
			}
		}
	}
	// The walk means something only if the forms got past the role checks to the handlers.
	if reached[true] < 100 {
		t.Fatalf("only %d of %d posts reached a handler", reached[true], reached[true]+reached[false])
	}
}
