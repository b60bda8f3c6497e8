package intake

import (
	"database/sql"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/config"
)

// A report carries the campaign of the poster it started from to its tip,
// and only a live campaign's genuine code does: a forged code or an archived
// campaign's leaves the tip without one. The code leaves the draft with the
// report.
func TestSubmitStoresTheCampaignOnTheTip(t *testing.T) {
	b := setup(t)
	b.cfg.Keys = config.GenerateKeys()
	st := campaign.NewStore(b.db, b.cfg)
	live, err := st.Create(b.ctx, campaign.Campaign{Name: "梅桥镇中学禁毒宣讲", Kind: "school", AreaCode: "meiqiao"}, 0)
	b.must(err)
	gone, err := st.Create(b.ctx, campaign.Campaign{Name: "去年的海报", Kind: "poster", AreaCode: "dongshan"}, 0)
	b.must(err)
	b.must(st.SetArchived(b.ctx, gone.ID, true))
	forged := campaign.NewSigner([]byte("not-the-service-key-0123456789abcd")).Code(live.ID)

	cases := []struct {
		name string
		code string
		want sql.NullInt64
	}{
		{"live", st.Code(live), sql.NullInt64{Int64: live.ID, Valid: true}},
		{"forged", forged, sql.NullInt64{}},
		{"archived", st.Code(gone), sql.NullInt64{}},
		{"none", "", sql.NullInt64{}},
	}
	for i, c := range cases {
		k := key(byte(10 + i))
		var tip int64
		b.must(b.tx(func(tx *sqlx.Tx) error {
			r := complete()
			r.Campaign = c.code
			b.startDraft(tx, k, Web, r)
			var err error
			if tip, _, err = b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, Locale: LocaleZh, LimitKey: key(byte(50 + i))}); err != nil {
				return err
			}
			b.startDraft(tx, k, Web, r) // the channel saves what Submit left of the draft
			return nil
		}))
		var got sql.NullInt64
		b.must(b.db.Get(&got, `SELECT campaign_id FROM tips WHERE id = $1`, tip))
		if got != c.want {
			t.Errorf("%s code: tip's campaign %+v, want %+v", c.name, got, c.want)
		}
		if c.code == "" {
			continue
		}
		var left int
		b.must(b.db.Get(&left, `SELECT count(*) FROM intake_drafts WHERE report::text LIKE '%' || $1 || '%'`, c.code))
		if left != 0 {
			t.Errorf("%s code: still in a draft after submit", c.name)
		}
	}
}
