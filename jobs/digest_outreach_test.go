package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/queue"
)

// The weekly digest's outreach line counts the week's reports per campaign
// kind as SQL does, masks the small ones with their complement, and counts
// the rest as coming through no campaign.
func TestWeeklyDigestOutreachEqualsSQL(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	loc := b.cfg.Location
	store := campaign.NewStore(b.db, b.cfg)
	var ids []int64
	for _, c := range []campaign.Campaign{
		{Name: "东山中学禁毒课", Kind: "school", AreaCode: "dongshan"},
		{Name: "梅桥中学禁毒课", Kind: "school", AreaCode: "meiqiao"},
		{Name: "王家入户走访", Kind: "family", AreaCode: "baitian"},
		{Name: "全民禁毒健步走", Kind: "major_event", AreaCode: "dongshan"},
	} {
		made, err := store.Create(ctx, c, 0)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, made.ID)
	}
	in := time.Date(2026, 11, 18, 10, 0, 0, 0, loc)
	// school 3 + 2, family 1, major event 6, no campaign 4.
	for i, n := range []int{3, 2, 1, 6} {
		for range n {
			b.submitAt(t, in, func(s *queue.Submission) { s.CampaignID = ids[i] })
		}
	}
	for range 4 {
		b.submitAt(t, in, nil)
	}
	d, err := b.scheduler(t).Preview(ctx, time.Date(2026, 11, 23, 9, 0, 0, 0, loc), true)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	rows, err := b.db.Query(`SELECT coalesce(c.kind, ''), count(*) FROM tips t LEFT JOIN campaigns c ON c.id = t.campaign_id
		WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2 GROUP BY 1`, d.PeriodStart, d.PeriodEnd)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		counts[k] = n
	}
	// family's 1 is below 3, so the next smallest (no campaign's 4) is
	// hidden too, as "*": the week's total minus the others would give
	// family away.
	want := fmt.Sprintf("举报来源：大型活动 %d，学校 %d，未经宣传活动 *，家庭 <3", counts["major_event"], counts["school"])
	if counts["family"] != 1 || counts[""] != 4 {
		t.Fatalf("SQL counts %v do not match the seeded week", counts)
	}
	got := ""
	for _, l := range strings.Split(d.TextZh, "\n") {
		if strings.HasPrefix(l, "举报来源") {
			got = l
		}
	}
	if !strings.HasSuffix(got, wordsZh.guardNote) {
		t.Errorf("outreach line %q does not explain its \"*\"", got)
	}
	got = strings.TrimSuffix(got, wordsZh.guardNote)
	if !sameParts(got, want) {
		t.Errorf("outreach line %q, want the parts of %q", got, want)
	}
	if strings.Contains(d.TextZh+d.HTML, "王家") || strings.Contains(d.TextZh, "中学禁毒课") {
		t.Error("the digest names a campaign")
	}
}

// Over `tipline seed`'s data, campaigns included, the weekly digest's
// outreach line gives each campaign kind's reports and those without a
// campaign as SQL counts them, masks every count below the small-count
// threshold, and never leaves a single masked count that the week's shown
// total would give away.
func TestSeededWeeklyDigestOutreachEqualsSQL(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	before, err := campaign.SeedStart(ctx, b.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := queue.Seed(ctx, b.db, b.cfg, []byte("receipt-key-for-tests-0123456789ab"), 3000, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := campaign.Seed(ctx, b.db, b.cfg, before); err != nil {
		t.Fatal(err)
	}
	// The seeder dates its tips back from the wall clock, so the digest is
	// the week that ended last before now.
	d, err := b.scheduler(t).Preview(ctx, time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := b.db.Query(`SELECT coalesce(c.kind, ''), count(*) FROM tips t LEFT JOIN campaigns c ON c.id = t.campaign_id
		WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2 GROUP BY 1`, d.PeriodStart, d.PeriodEnd)
	if err != nil {
		t.Fatal(err)
	}
	threshold := b.cfg.Digest.MinAreaCount
	want := map[string]int{} // a kind's name as the digest writes it → SQL's count
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		name := wordsZh.noCampaign
		if k != "" {
			name = campaign.KindName(b.cfg, k, "zh-CN")
		}
		want[name] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(want) < 3 {
		t.Fatalf("the seeded week has too few sources to test: %v", want)
	}
	line := ""
	for _, l := range strings.Split(d.TextZh, "\n") {
		if strings.HasPrefix(l, "举报来源：") {
			line = strings.TrimPrefix(l, "举报来源：")
		}
	}
	if line == "" {
		t.Fatalf("the weekly digest has no outreach line:\n%s", d.TextZh)
	}
	got := map[string]string{}
	for _, part := range strings.Split(line, "，") {
		i := strings.LastIndex(part, " ")
		if i < 0 {
			t.Fatalf("outreach part %q has no count", part)
		}
		got[part[:i]] = part[i+1:]
	}
	if len(got) != len(want) {
		t.Errorf("outreach line %q names %d sources, SQL counts %d: %v", line, len(got), len(want), want)
	}
	masked, maskedSum := 0, 0
	for name, n := range want {
		shown, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s (%d reports) is missing from %q", name, n, line)
		case shown == fmt.Sprintf("<%d", threshold):
			masked++
			maskedSum += n
		case n < threshold:
			t.Errorf("%s shows %s, a count below %d", name, shown, threshold)
		case shown != fmt.Sprint(n):
			t.Errorf("%s shows %s, SQL counts %d", name, shown, n)
		}
	}
	if masked == 1 {
		t.Errorf("one count alone is masked in %q: the week's total gives it away", line)
	}
	if masked > 1 && maskedSum == masked {
		t.Errorf("the masked counts of %q are all ones: the week's total gives them away", line)
	}
	t.Logf("seeded week %s – %s: %s (SQL %v)", d.PeriodStart.Format(time.DateOnly), d.PeriodEnd.Format(time.DateOnly), line, want)
}

// sameParts compares two "label：a，b，c" lines whatever the parts' order.
func sameParts(a, b string) bool {
	split := func(s string) map[string]bool {
		_, list, _ := strings.Cut(s, "：")
		out := map[string]bool{}
		for _, p := range strings.Split(list, "，") {
			out[p] = true
		}
		return out
	}
	x, y := split(a), split(b)
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}
