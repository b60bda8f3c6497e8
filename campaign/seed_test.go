package campaign

import (
	"context"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// Over `tipline seed`'s data the campaigns page's figures equal SQL
// aggregates, and its small counts are masked.
func TestSeededCampaignsTallyEqualsSQL(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	before, err := SeedStart(ctx, b.db)
	if err != nil {
		t.Fatal(err)
	}
	_, _, receipt := b.cfg.KeyBytes()
	if err := queue.Seed(ctx, b.db, b.cfg, receipt, 400, nil); err != nil {
		t.Fatal(err)
	}
	n, err := Seed(ctx, b.db, b.cfg, before)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no seeded report came from a campaign")
	}
	from, to := time.Now().AddDate(-5, 0, 0), time.Now().Add(time.Hour)
	counts, err := b.queue.CountByCampaign(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	list, err := b.store.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var cats []string
	for _, c := range b.cfg.Categories {
		cats = append(cats, c.Code)
	}
	tally := NewTally(list, counts, cats, b.cfg.Digest.MinAreaCount)
	var want int
	if err := b.db.Get(&want, `SELECT count(*) FROM tips WHERE campaign_id IS NOT NULL AND kind = 'report' AND created_at >= $1 AND created_at < $2`, from, to); err != nil {
		t.Fatal(err)
	}
	if tally.Total.Total.N != want || want != n {
		t.Fatalf("total %d, SQL %d, attributed %d", tally.Total.Total.N, want, n)
	}
	// Every row of the page, per campaign, kind and town, against SQL: its
	// total, its actioned and each category's count.
	for _, g := range []struct {
		rows []Row
		key  string // the SQL expression a row's Key is
	}{
		{tally.Campaigns, "c.id::text"},
		{tally.Kinds, "c.kind"},
		{tally.Towns, "c.area_code"},
	} {
		for _, r := range g.rows {
			var total, actioned int
			if err := b.db.QueryRowx(`SELECT count(*), count(*) FILTER (WHERE t.resolution = 'actioned') FROM tips t JOIN campaigns c ON c.id = t.campaign_id
				WHERE `+g.key+` = $1 AND t.kind = 'report' AND t.created_at >= $2 AND t.created_at < $3`, r.Key, from, to).Scan(&total, &actioned); err != nil {
				t.Fatal(err)
			}
			if r.Total.N != total || r.Actioned.N != actioned {
				t.Errorf("%s %s: %d (%d actioned), SQL %d (%d)", g.key, r.Key, r.Total.N, r.Actioned.N, total, actioned)
			}
			for i, cat := range cats {
				var n int
				if err := b.db.Get(&n, `SELECT count(*) FROM tips t JOIN campaigns c ON c.id = t.campaign_id
					WHERE `+g.key+` = $1 AND t.category = $2 AND t.kind = 'report' AND t.created_at >= $3 AND t.created_at < $4`, r.Key, cat, from, to); err != nil {
					t.Fatal(err)
				}
				if r.ByCategory[i].N != n {
					t.Errorf("%s %s, %s: %d, SQL %d", g.key, r.Key, cat, r.ByCategory[i].N, n)
				}
			}
		}
	}
	checkNoSmallCountShown(t, tally)
	checkNoSumRevealsAMaskedCount(t, tally)
}
