package campaign

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

type bundle struct {
	db    *sqlx.DB
	cfg   *config.Config
	store *Store
	queue *queue.Store
}

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Keys = config.GenerateKeys()
	cfg.Public.BaseURL = "https://jubao.example.cn"
	cfg.Bot.Username = "XiangxiangJubaoBot"
	return &cfg
}

func setup(t *testing.T) *bundle {
	t.Helper()
	db := pgtest.DB(t)
	cfg := testConfig()
	_, _, receipt := cfg.KeyBytes()
	return &bundle{db: db, cfg: cfg, store: NewStore(db, cfg), queue: queue.NewStore(db, cfg, receipt)}
}

func (b *bundle) campaign(t *testing.T, name, kind, area string) Campaign {
	t.Helper()
	c, err := b.store.Create(context.Background(), Campaign{Name: name, Kind: kind, AreaCode: area, Telegram: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tip submits a report and puts it on a campaign (0: none), as intake does.
func (b *bundle) tip(t *testing.T, campaignID int64, category string, at time.Time, actioned bool) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := b.db.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	var ref [32]byte
	ref[0], ref[1] = byte(at.UnixNano()), byte(at.UnixNano()>>8)
	id, _, err := b.queue.WithClock(func() time.Time { return at }).Submit(ctx, tx, queue.Submission{
		ReporterRef: ref, Category: category, AreaCode: "meiqiao", Occurred: queue.OccurredToday,
		Description: "有人在网吧门口贩卖零包", ContactMode: queue.ContactCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	if campaignID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET campaign_id = $2 WHERE id = $1`, id, campaignID); err != nil {
			t.Fatal(err)
		}
	}
	if actioned {
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET state = 'closed', resolution = 'actioned', closed_at = created_at, contact_sealed = NULL WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id
}
