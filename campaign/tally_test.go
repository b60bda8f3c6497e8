package campaign

import (
	"context"
	"testing"
	"time"
)

// The campaigns page's figures equal SQL aggregates over the tips, and every
// count from 1 to MinCount-1 is masked, with enough around it that no sum
// on the page gives it away.
func TestTallyEqualsSQLAndMasksSmallCounts(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	school := b.campaign(t, "梅桥镇中学", "school", "meiqiao")
	family := b.campaign(t, "一户家庭走访", "family", "meiqiao")
	event := b.campaign(t, "6.26广场活动", "major_event", "dongshan")
	old := b.campaign(t, "去年的海报", "poster", "dongshan")
	if err := b.store.SetArchived(ctx, old.ID, true); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)
	seed := []struct {
		c        int64
		cat      string
		n        int
		actioned int
	}{
		{school.ID, "selling", 4, 2}, {school.ID, "use", 1, 0},
		{family.ID, "use", 1, 1},
		{event.ID, "selling", 6, 3}, {event.ID, "drug_driving", 3, 0},
		{old.ID, "selling", 3, 0},
		{0, "selling", 5, 0},
	}
	for _, s := range seed {
		for i := 0; i < s.n; i++ {
			b.tip(t, s.c, s.cat, day.Add(time.Duration(i)*time.Minute), i < s.actioned)
		}
	}
	b.tip(t, school.ID, "selling", day.AddDate(0, 1, 0), false) // outside the period

	from, to := day.AddDate(0, 0, -1), day.AddDate(0, 0, 1)
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

	// Unmasked figures against SQL over tips and campaigns.
	sqlCount := func(query string, args ...any) int {
		var n int
		if err := b.db.Get(&n, query, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const period = ` AND t.created_at >= $1 AND t.created_at < $2`
	for _, r := range tally.Campaigns {
		id := r.Campaign.ID
		if want := sqlCount(`SELECT count(*) FROM tips t WHERE t.campaign_id = $3`+period, from, to, id); r.Total.N != want {
			t.Errorf("campaign %d total %d, SQL %d", id, r.Total.N, want)
		}
		if want := sqlCount(`SELECT count(*) FROM tips t WHERE t.campaign_id = $3 AND t.resolution = 'actioned'`+period, from, to, id); r.Actioned.N != want {
			t.Errorf("campaign %d actioned %d, SQL %d", id, r.Actioned.N, want)
		}
		for k, cat := range cats {
			if want := sqlCount(`SELECT count(*) FROM tips t WHERE t.campaign_id = $3 AND t.category = $4`+period, from, to, id, cat); r.ByCategory[k].N != want {
				t.Errorf("campaign %d %s %d, SQL %d", id, cat, r.ByCategory[k].N, want)
			}
		}
	}
	for _, r := range tally.Kinds {
		if want := sqlCount(`SELECT count(*) FROM tips t JOIN campaigns c ON c.id = t.campaign_id WHERE c.kind = $3`+period, from, to, r.Key); r.Total.N != want {
			t.Errorf("kind %s total %d, SQL %d", r.Key, r.Total.N, want)
		}
	}
	for _, r := range tally.Towns {
		if want := sqlCount(`SELECT count(*) FROM tips t JOIN campaigns c ON c.id = t.campaign_id WHERE c.area_code = $3`+period, from, to, r.Key); r.Total.N != want {
			t.Errorf("town %s total %d, SQL %d", r.Key, r.Total.N, want)
		}
	}
	if want := sqlCount(`SELECT count(*) FROM tips t WHERE t.campaign_id IS NOT NULL`+period, from, to); tally.Total.Total.N != want || want != 18 {
		t.Errorf("total %d, SQL %d", tally.Total.Total.N, want)
	}

	// Masking: every small count is hidden, the archived campaign is counted.
	rows := map[int64]Row{}
	for _, r := range tally.Campaigns {
		rows[r.Campaign.ID] = r
	}
	if r := rows[family.ID]; !r.Total.Masked || !r.Actioned.Masked {
		t.Errorf("the one family's single tip is shown: %+v", r)
	}
	if r := rows[old.ID]; r.Total.N != 3 || r.Total.Masked {
		t.Errorf("archived campaign not counted: %+v", r)
	}
	if r := rows[event.ID]; r.Total.Masked || r.Total.N != 9 {
		t.Errorf("event total: %+v", r.Total)
	}
	checkNoSmallCountShown(t, tally)
	checkNoSumRevealsAMaskedCount(t, tally)
}

func checkNoSmallCountShown(t *testing.T, tally Tally) {
	t.Helper()
	for _, r := range allRows(tally) {
		for _, c := range append([]Cell{r.Total, r.Actioned}, r.ByCategory...) {
			if c.N > 0 && c.N < tally.MinCount && !c.Masked {
				t.Errorf("row %q shows the small count %d", r.Key, c.N)
			}
		}
	}
}

// checkNoSumRevealsAMaskedCount: in a row whose total is shown, no masked
// category stands alone; in a kind or town whose total is shown, no
// masked campaign stands alone.
func checkNoSumRevealsAMaskedCount(t *testing.T, tally Tally) {
	t.Helper()
	for _, r := range allRows(tally) {
		if r.Total.Masked {
			continue
		}
		hidden, hiddenSum := 0, 0
		for _, c := range r.ByCategory {
			if c.Masked {
				hidden++
				hiddenSum += c.N
			}
		}
		if hidden == 1 {
			t.Errorf("row %q: total %d shown with one masked category", r.Key, r.Total.N)
		}
		if hidden > 1 && hiddenSum == hidden {
			t.Errorf("row %q: total %d shown with masked categories that are all ones", r.Key, r.Total.N)
		}
	}
	for _, g := range [][]Row{tally.Kinds, tally.Towns} {
		for _, grp := range g {
			if grp.Total.Masked {
				continue
			}
			hidden, hiddenSum := 0, 0
			for _, r := range tally.Campaigns {
				if (r.Campaign.Kind == grp.Key || r.Campaign.AreaCode == grp.Key) && r.Total.Masked {
					hidden++
					hiddenSum += r.Total.N
				}
			}
			if hidden == 1 {
				t.Errorf("group %q: total %d shown with one masked campaign", grp.Key, grp.Total.N)
			}
			if hidden > 1 && hiddenSum == hidden {
				t.Errorf("group %q: total %d shown with masked campaigns that are all ones", grp.Key, grp.Total.N)
			}
		}
	}
}

func allRows(t Tally) []Row {
	out := append([]Row{t.Total}, t.Campaigns...)
	return append(append(out, t.Kinds...), t.Towns...)
}

func TestMaskHidesASecondCountBesideALoneSmallOne(t *testing.T) {
	c := []Campaign{{ID: 1, Kind: "school", AreaCode: "meiqiao"}}
	tally := NewTally(c, nil, []string{"selling", "use"}, 3)
	tally.Campaigns[0].Total.N, tally.Campaigns[0].ByCategory[0].N, tally.Campaigns[0].ByCategory[1].N = 7, 6, 1
	tally.mask()
	r := tally.Campaigns[0]
	if !r.ByCategory[1].Masked || !r.ByCategory[0].Masked || r.Total.Masked {
		t.Fatalf("total 7 = 6 + <3 gives the 1 away: %+v", r)
	}
}
