package queue

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"
)

// A report keeps the campaign it came through; a help question never does,
// and CountByCampaign counts reports only, per campaign and category, with
// those closed as actioned.
func TestCampaignOnTheTipAndItsCounts(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	var campaign int64
	if err := b.db.Get(&campaign, `INSERT INTO campaigns (name, kind, area_code) VALUES ('梅桥镇中学', 'school', 'meiqiao') RETURNING id`); err != nil {
		t.Fatal(err)
	}
	selling := b.submit(t, func(s *Submission) { s.CampaignID = campaign })
	b.submit(t, func(s *Submission) { s.CampaignID = campaign; s.Category = "use" })
	b.submit(t, nil)
	help := b.submit(t, func(s *Submission) {
		s.Kind, s.Category, s.AreaCode, s.CampaignID = KindHelp, "", "", campaign
	})
	var got []sql.NullInt64
	if err := b.db.Select(&got, `SELECT campaign_id FROM tips ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	want := []sql.NullInt64{{Int64: campaign, Valid: true}, {Int64: campaign, Valid: true}, {}, {}}
	if !slices.Equal(got, want) {
		t.Fatalf("campaigns on tips %v, want %v (help question %d)", got, want, help)
	}
	b.db.MustExec(`UPDATE tips SET state = 'closed', resolution = 'actioned', closed_at = now(), contact_sealed = NULL WHERE id = $1`, selling)

	counts, err := b.store.CountByCampaign(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(counts, func(a, b CampaignCount) int { return strings.Compare(a.Category, b.Category) })
	wantCounts := []CampaignCount{{campaign, "selling", 1, 1}, {campaign, "use", 1, 0}}
	if !slices.Equal(counts, wantCounts) {
		t.Fatalf("counts %+v, want %+v", counts, wantCounts)
	}
	if counts, _ := b.store.CountByCampaign(ctx, time.Now().Add(time.Hour), time.Now().Add(2*time.Hour)); len(counts) != 0 {
		t.Fatalf("counts outside the period: %+v", counts)
	}
}
