package campaign

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/config"
)

// seedShare is the share of seeded reports that came through a poster.
const seedShare = 0.15

// SeedStart marks where a seed run starts: the reports it adds have ids
// above the mark.
func SeedStart(ctx context.Context, db *sqlx.DB) (int64, error) {
	var id int64
	if err := db.GetContext(ctx, &id, `SELECT coalesce(max(id), 0) FROM tips`); err != nil {
		return 0, fmt.Errorf("campaign: unable to mark the seed's start: %w", err)
	}
	return id, nil
}

// Seed adds synthetic campaigns, one of each kind spread over the towns, and
// attributes about seedShare of the reports with ids above after to them,
// a few campaigns far more than the others, so that the campaigns page shows
// large counts and masked ones. For demos and load runs: `tipline seed`.
func Seed(ctx context.Context, db *sqlx.DB, cfg *config.Config, after int64) (int, error) {
	st := NewStore(db, cfg)
	var ids []int64
	for i, k := range cfg.Campaigns.KindList() {
		a := cfg.Areas[(i*7)%len(cfg.Areas)]
		c, err := st.Create(ctx, Campaign{Name: fmt.Sprintf("%s%s禁毒宣传", a.Zh, k.Zh), Kind: k.Code, AreaCode: a.Code,
			Notes: "示例数据", Telegram: i%2 == 0}, 0)
		if err != nil {
			return 0, err
		}
		ids = append(ids, c.ID)
	}
	// power(random(), 3) crowds the picks onto the first campaigns: the
	// last ones get a handful of reports, or none.
	res, err := db.ExecContext(ctx, `
		UPDATE tips SET campaign_id = ($2::bigint[])[1 + floor(power(random(), 3) * cardinality($2::bigint[]))::int]
		 WHERE id > $1 AND kind = 'report' AND campaign_id IS NULL AND random() < $3`,
		after, pq.Array(ids), seedShare)
	if err != nil {
		return 0, fmt.Errorf("campaign: unable to attribute seeded tips: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
