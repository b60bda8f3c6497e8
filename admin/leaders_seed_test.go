package admin

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// TestLeadersViewEqualsSeedAggregates: over `tipline seed` data — a year of
// reports with outcomes and satisfaction answers — the leaders' view's
// totals for the year are the SQL aggregates of the same rules, and every
// town's shown count is its SQL count or masked below the threshold.
func TestLeadersViewEqualsSeedAggregates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor")
	if err := queue.Seed(t.Context(), b.db, b.cfg, []byte("receipt-key-for-tests-0123456789ab"), 600, nil); err != nil {
		t.Fatal(err)
	}
	s := b.login("supervisor")
	_, body := b.get(s, "/leaders?preset=year")
	now := time.Now().In(b.cfg.Location)
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, b.cfg.Location)
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, b.cfg.Location).AddDate(0, 0, 1)

	var want [9]int
	if err := b.db.QueryRow(`SELECT
		(SELECT count(*) FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $2),
		(SELECT count(*) FROM tips WHERE kind = 'report' AND suggested_priority = 1 AND created_at >= $1 AND created_at < $2),
		(SELECT count(*) FROM tips WHERE kind = 'report' AND resolution = 'actioned' AND closed_at >= $1 AND closed_at < $2),
		(SELECT count(*) FROM tip_outcomes WHERE case_kind = 'criminal' AND solved_on >= $3::date AND solved_on < $4::date),
		(SELECT count(*) FROM tip_outcomes WHERE case_kind = 'administrative' AND solved_on >= $3::date AND solved_on < $4::date),
		(SELECT coalesce(sum(detained), 0) FROM tip_outcomes WHERE solved_on >= $3::date AND solved_on < $4::date),
		(SELECT coalesce(sum(users_found), 0) FROM tip_outcomes WHERE solved_on >= $3::date AND solved_on < $4::date),
		(SELECT count(*) FROM tips WHERE kind = 'report' AND state = 'closed' AND satisfaction IS NOT NULL AND closed_at >= $1 AND closed_at < $2),
		(SELECT count(*) FROM tips WHERE kind = 'report' AND state = 'closed' AND satisfaction <= 2 AND closed_at >= $1 AND closed_at < $2)`,
		from, to, from.Format("2006-01-02"), to.Format("2006-01-02")).Scan(&want[0], &want[1], &want[2], &want[3], &want[4], &want[5], &want[6], &want[7], &want[8]); err != nil {
		t.Fatal(err)
	}
	if want[0] == 0 || want[3]+want[4] == 0 || want[7] == 0 {
		t.Fatalf("the seed gave nothing to count: %v", want)
	}
	foot := regexp.MustCompile(`(?s)<tfoot>.*?</tfoot>`).FindString(body)
	cells := regexp.MustCompile(`<td><b>([^<]*)</b>`).FindAllStringSubmatch(foot, -1)
	if len(cells) != len(want) {
		t.Fatalf("%d total cells, want %d:\n%s", len(cells), len(want), foot)
	}
	for i, c := range cells {
		got := html.UnescapeString(c[1])
		if got != strconv.Itoa(want[i]) && !(strings.HasPrefix(got, "<") && want[i] < 3*len(b.cfg.Areas)) {
			t.Errorf("total of %s = %s, SQL says %d", leaderMeasures[i].name, got, want[i])
		}
	}

	// Each town's reports received: as SQL counts them, or masked.
	rows := map[string]int{}
	r, err := b.db.Query(`SELECT coalesce(area_code, ''), count(*) FROM tips WHERE kind = 'report' AND created_at >= $1 AND created_at < $2 GROUP BY 1`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var a string
		var n int
		if err := r.Scan(&a, &n); err != nil {
			t.Fatal(err)
		}
		rows[a] = n
	}
	for _, a := range b.cfg.Areas {
		m := regexp.MustCompile(`(?s)<th scope="row">` + regexp.QuoteMeta(a.Name("zh-CN")) + `[^<]*(?:<span[^>]*>[^<]*</span>)?</th>\s*<td>([^ ]*) `).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no row for %s", a.Name("zh-CN"))
		}
		got := html.UnescapeString(m[1])
		if got != strconv.Itoa(rows[a.Code]) && got != "<"+strconv.Itoa(b.cfg.Digest.MinAreaCount) {
			t.Errorf("%s: %s reports received, SQL says %d", a.Code, got, rows[a.Code])
		}
		if got == "<"+strconv.Itoa(b.cfg.Digest.MinAreaCount) && rows[a.Code] >= b.cfg.Digest.MinAreaCount*3 {
			t.Errorf("%s: %d reports masked, far over the threshold", a.Code, rows[a.Code])
		}
	}
}
