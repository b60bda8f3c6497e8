package intake

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

func TestDraftRoundTripAndExpiry(t *testing.T) {
	b := setup(t)
	k := key(1)
	r := complete()
	lat, lon := 27.73, 112.53
	r.Latitude, r.Longitude = &lat, &lon
	b.must(b.tx(func(tx *sqlx.Tx) error {
		return b.core.SaveDraft(b.ctx, tx, &Draft{Key: k, Channel: Web, Report: r, Extra: json.RawMessage(`{"tip":7}`)})
	}))
	b.must(b.tx(func(tx *sqlx.Tx) error {
		d, expired, err := b.core.LoadDraft(b.ctx, tx, k)
		if err != nil || expired {
			return err
		}
		if d.Channel != Web || d.Report.Description() != r.Description() || *d.Report.Latitude != lat || string(d.Extra) != `{"tip": 7}` {
			t.Fatalf("draft read back as %+v %s", d.Report, d.Extra)
		}
		if !d.ExpiresAt.Equal(b.now.Add(b.cfg.Bot.DraftTTL.D())) {
			t.Fatalf("expires %v", d.ExpiresAt)
		}
		_, p, err := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: photo(t, "x"), Name: "a.jpg"})
		if p != ProblemNone {
			t.Fatalf("problem %s", p)
		}
		return err
	}))
	// After the silence the draft and its files are gone, and the reporter
	// can be told a report was lost.
	b.now = b.now.Add(b.cfg.Bot.DraftTTL.D() + time.Second)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		_, expired, err := b.core.LoadDraft(b.ctx, tx, k)
		if !errors.Is(err, ErrNoDraft) || !expired {
			t.Fatalf("expired draft: %v, expired %v", err, expired)
		}
		var files int
		if err := tx.Get(&files, `SELECT count(*) FROM intake_draft_files`); err != nil || files != 0 {
			t.Fatalf("%d files left of an expired draft (%v)", files, err)
		}
		return nil
	}))
}

func TestPurgeExpiredDraftsAndCounters(t *testing.T) {
	b := setup(t)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		b.startDraft(tx, key(1), Telegram, complete())
		b.startDraft(tx, key(2), Web, nil)
		_, err := b.core.Bump(b.ctx, tx, key(3), LimitTips, 24*time.Hour)
		return err
	}))
	b.now = b.now.Add(b.cfg.Bot.DraftTTL.D() + time.Hour)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		b.startDraft(tx, key(4), Web, complete()) // fresh: kept
		return nil
	}))
	count := func(table string) int {
		var n int
		b.must(b.db.Get(&n, `SELECT count(*) FROM `+table))
		return n
	}
	n, err := PurgeExpired(b.ctx, b.db, b.now)
	if err != nil || n != 2 || count("intake_drafts") != 1 || count("intake_limits") != 1 {
		t.Fatalf("purged %d drafts (%v), want the 2 silent ones; today's counter kept", n, err)
	}
	// Counters go once their window is long past.
	n, err = PurgeExpired(b.ctx, b.db, b.now.Add(72*time.Hour))
	if err != nil || n != 1 || count("intake_drafts") != 0 || count("intake_limits") != 0 {
		t.Fatalf("second purge: %d drafts (%v)", n, err)
	}
}
