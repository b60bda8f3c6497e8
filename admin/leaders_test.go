package admin

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// TestLeadersViewEqualsSQL: the leaders' view counts per town what an
// independent SQL aggregate counts, masks the small counts with the
// complementary cell, compares with the period before, and keeps the
// clean-up listings.
func TestLeadersViewEqualsSQL(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor", "officer")
	s := b.login("supervisor")
	now := time.Now().In(b.cfg.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, b.cfg.Location)
	// dongshan: 9 reports now (4 urgent, 3 actioned, one criminal case with
	// 2 detained), 5 before; meiqiao: 2 now (masked), 6 before; baitian: 4 now.
	add := func(area string, n int, daysAgo int, urgent, actioned int) []int64 {
		var ids []int64
		for i := range n {
			id := b.submit(queue.KindReport, fmt.Sprintf("%s 第%d条", area, i))
			created := today.AddDate(0, 0, -daysAgo).Add(10 * time.Hour)
			b.db.MustExec(`UPDATE tips SET area_code = $2, created_at = $3, suggested_priority = $4 WHERE id = $1`,
				id, area, created, map[bool]int{true: 1, false: 3}[i < urgent])
			if i < actioned {
				b.db.MustExec(`UPDATE tips SET state = 'closed', resolution = 'actioned', closed_at = $2 WHERE id = $1`, id, created.Add(time.Hour))
			}
			ids = append(ids, id)
		}
		return ids
	}
	ds := add("dongshan", 9, 3, 4, 3)
	add("dongshan", 5, 40, 0, 0)
	add("meiqiao", 2, 5, 0, 0)
	add("meiqiao", 6, 45, 0, 0)
	add("baitian", 4, 1, 0, 0)
	for i, v := range []int{1, 2, 4} { // dongshan's actioned reports answered: 3 rated, 2 satisfied
		b.db.MustExec(`UPDATE tips SET satisfaction = $2 WHERE id = $1`, ds[i], v)
	}
	b.db.MustExec(`INSERT INTO tip_outcomes (tip_id, case_kind, detained, users_found, solved_on, recorded_at, updated_at)
		VALUES ($1, 'criminal', 2, 0, $2::date, now(), now())`, ds[0], today.AddDate(0, 0, -2).Format("2006-01-02"))

	if res := b.post(s, "/leaders/listings", url.Values{"area": {"meiqiao"}, "listed_on": {today.AddDate(0, 0, -10).Format("2006-01-02")}, "note": {"2026年挂牌"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("listing: %d", res.StatusCode)
	}
	b.post(s, "/leaders/listings", url.Values{"area": {"meiqiao"}, "listed_on": {today.Format("2006-01-02")}})

	_, body := b.get(s, "/leaders")
	row := func(town string) string {
		t.Helper()
		m := regexp.MustCompile(`(?s)<th scope="row">` + town + `.*?</tr>`).FindString(body)
		if m == "" {
			t.Fatalf("no row for %s:\n%s", town, body)
		}
		return html.UnescapeString(m)
	}
	want := func(town string, parts ...string) {
		t.Helper()
		joined := row(town)
		for _, p := range parts {
			if !strings.Contains(joined, p) {
				t.Errorf("%s: %q not in %q", town, p, joined)
			}
		}
	}
	// The independent aggregate: reports in the last 30 days per town.
	var sqlDongshan int
	if err := b.db.Get(&sqlDongshan, `SELECT count(*) FROM tips WHERE area_code = 'dongshan' AND created_at >= $1`, today.AddDate(0, 0, -29)); err != nil {
		t.Fatal(err)
	}
	want("东山街道", fmt.Sprintf("<td>%d <small class=\"change\">+%d</small></td>", sqlDongshan, sqlDongshan-5),
		"<td>4 <small", "<td>3 <small", "<td><3 <small class=\"change\">—</small>") // 1 criminal case, masked
	if !strings.Contains(body, "满意度评价") {
		t.Error("the view has no satisfaction column")
	}
	want("东山街道", "<td>3 <small class=\"change\">+3</small></td><td><3 <small")
	want("梅桥镇", "<td><3 <small class=\"change\">—</small></td>", "挂牌整治")
	// meiqiao's 2 is hidden, so the next smallest received count (baitian's 4)
	// is hidden too: the total minus the others would give it away.
	want("白田镇", "<td>* <small class=\"change\">—</small></td>")
	if strings.Count(body, "2026年挂牌") != 1 {
		t.Error("the listing's note is not shown once")
	}
	if n := strings.Count(body, `action="/leaders/listings/`); n != 1 {
		t.Errorf("%d current listings offered for de-listing, want 1 (a town is listed once at a time)", n)
	}

	o := b.login("officer")
	if res, _ := b.get(o, "/leaders"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an officer sees the leaders' view: %d", res.StatusCode)
	}
	for _, loc := range []string{"en"} {
		b.post(s, "/account/locale", url.Values{"locale": {loc}, "back": {"/leaders"}})
		_, body := b.get(s, "/leaders?preset=year&sort=name")
		for _, w := range []string{"Results by town", "Dongshan Subdistrict", "Listed for clean-up", "Drug users found"} {
			if !strings.Contains(body, w) {
				t.Errorf("en: %q missing", w)
			}
		}
	}
}
