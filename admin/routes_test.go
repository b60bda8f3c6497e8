package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// TestEveryRouteEveryRole walks the route table as each role and as a stranger:
// strangers are sent to log in, roles outside a route's list get 403, and roles
// inside never do.
func TestEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	b := setup(t)
	roles := []string{"officer", "supervisor", "leader", "admin", "counsellor"}
	b.addOfficers(roles...)
	report := b.submit(queue.KindReport, "东山街道网吧门口有人卖零包")
	help := b.submit(queue.KindHelp, "我想戒毒,该怎么办?")

	clients := map[string]*http.Client{"": b.client()}
	for _, r := range roles {
		clients[r] = b.login(r)
	}
	var h handler
	for _, who := range append([]string{""}, roles...) {
		c := clients[who]
		for _, rt := range h.routeTable() {
			method, pattern, _ := strings.Cut(rt.pattern, " ")
			if strings.HasPrefix(pattern, "/logout") {
				continue // ends the session; checked below
			}
			tipID := report
			if who == "counsellor" {
				tipID = help
			}
			path := strings.NewReplacer("{id}", strconv.FormatInt(tipID, 10), "{att}", "999999",
				"{username}", "nobody", "{$}", "").Replace(pattern)
			var res *http.Response
			if method == http.MethodGet {
				res, _ = b.get(c, path)
			} else {
				res = b.post(c, path, url.Values{})
			}
			allowed := rt.roles == nil || (who != "" && (len(rt.roles) == 0 || slices.Contains(rt.roles, officer.Role(who))))
			switch {
			case rt.roles == nil:
				if res.StatusCode >= 500 || res.StatusCode == http.StatusForbidden {
					t.Errorf("%s as %q: public route answered %d", rt.pattern, who, res.StatusCode)
				}
			case who == "":
				wantLogin := (method == http.MethodGet && res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/login") ||
					(method != http.MethodGet && res.StatusCode == http.StatusUnauthorized)
				if !wantLogin {
					t.Errorf("%s anonymous: %d %s, want a login prompt", rt.pattern, res.StatusCode, res.Header.Get("Location"))
				}
			case !allowed:
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403", rt.pattern, who, res.StatusCode)
				}
			default:
				if res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized ||
					res.StatusCode >= 500 || res.Header.Get("Location") == "/login" {
					t.Errorf("%s as %s: %d %s, want access", rt.pattern, who, res.StatusCode, res.Header.Get("Location"))
				}
			}
		}
	}
	// Enforcement roles never see a help question, counsellors never a report.
	for _, r := range []string{"officer", "supervisor", "admin"} {
		if res, _ := b.get(clients[r], "/tips/"+strconv.FormatInt(help, 10)); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s opened a help question: %d", r, res.StatusCode)
		}
	}
	if res, _ := b.get(clients["counsellor"], "/tips/"+strconv.FormatInt(report, 10)); res.StatusCode != http.StatusNotFound {
		t.Errorf("counsellor opened a report: %d", res.StatusCode)
	}
	// Log out everywhere ends the session.
	res := b.post(clients["officer"], "/logout/everywhere", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout everywhere: %d", res.StatusCode)
	}
	if res, _ := b.get(clients["officer"], "/queue"); res.Header.Get("Location") != "/login" {
		t.Fatalf("session alive after logout everywhere: %d", res.StatusCode)
	}
}
