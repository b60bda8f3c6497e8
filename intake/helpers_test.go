package intake

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/evidencetest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

// bundle is what a core test works with: the core over a real queue on a
// database of its own, and a movable clock.
type bundle struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlx.DB
	cfg   *config.Config
	store *queue.Store
	core  *Core
	now   time.Time
}

func setup(t *testing.T) *bundle {
	t.Helper()
	t.Parallel()
	cfg := config.Default()
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	db := pgtest.DB(t)
	b := &bundle{t: t, ctx: context.Background(), db: db, cfg: &cfg,
		store: queue.NewStore(db, &cfg, []byte("receipt-key-for-tests-0123456789ab")),
		now:   time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	b.core, err = New(Deps{Config: &cfg, Queue: b.store, Now: func() time.Time { return b.now }})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tx runs fn in a committed transaction.
func (b *bundle) tx(fn func(tx *sqlx.Tx) error) error {
	b.t.Helper()
	tx, err := b.db.BeginTxx(b.ctx, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (b *bundle) must(err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
}

// key is a draft or client key for a test.
func key(b byte) Key {
	var k Key
	for i := range k {
		k[i] = b
	}
	return k
}

// complete is a report every channel can submit.
func complete() *Report {
	r := &Report{Category: "selling", AreaCode: "dongshan", Occurred: "today", Contact: ContactCode}
	r.AddText(0, "每天晚上九点有人在东山菜市场后门卖冰毒，骑黑色摩托车，车牌湘C12345。", 4000)
	return r
}

// startDraft saves a draft with report r under k.
func (b *bundle) startDraft(tx sqlx.ExtContext, k Key, ch Channel, r *Report) {
	b.t.Helper()
	b.must(b.core.SaveDraft(b.ctx, tx, &Draft{Key: k, Channel: ch, Report: r}))
}

// photo is a small JPEG carrying a comment that names the photographer.
func photo(t *testing.T, secret string) []byte { return evidencetest.CommentedJPEG(t, secret) }
