package intake

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

func TestSubmitRecordsTheChannel(t *testing.T) {
	b := setup(t)
	web, tg := key(1), key(2)
	ref := anon.Ref(key(9))
	var webTip, tgTip int64
	b.must(b.tx(func(tx *sqlx.Tx) error {
		r := complete()
		r.Contact = ContactChat // a web report cannot ask for it
		b.startDraft(tx, web, Web, r)
		if _, _, err := b.core.KeepFile(b.ctx, tx, web, Web, Upload{Data: photo(t, "x")}); err != nil {
			return err
		}
		var err error
		webTip, _, err = b.core.Submit(b.ctx, tx, web, r, SubmitOptions{Channel: Web, Locale: LocaleZh, LimitKey: key(3)})
		if err != nil {
			return err
		}
		if r.Category != "" {
			t.Fatal("the submitted report was not erased from the draft")
		}
		r = complete()
		r.Contact = ContactChat
		b.startDraft(tx, tg, Telegram, r)
		tgTip, _, err = b.core.Submit(b.ctx, tx, tg, r, SubmitOptions{Channel: Telegram, ReporterRef: ref, Locale: LocaleEn,
			ContactSealed: []byte("sealed chat"), LimitKey: Key(ref)})
		return err
	}))
	var rows []struct {
		ID      int64  `db:"id"`
		Channel string `db:"channel"`
		Contact string `db:"contact_mode"`
		Ref     []byte `db:"reporter_ref"`
		Files   int    `db:"files"`
	}
	b.must(b.db.Select(&rows, `SELECT id, channel, contact_mode, reporter_ref,
		(SELECT count(*) FROM attachments a WHERE a.tip_id = t.id) AS files FROM tips t ORDER BY id`))
	if len(rows) != 2 || rows[0].ID != webTip || rows[1].ID != tgTip {
		t.Fatalf("tips %+v", rows)
	}
	if w := rows[0]; w.Channel != "web" || w.Contact != "code" || w.Files != 1 || anon.Ref(w.Ref) == (anon.Ref{}) || anon.Ref(w.Ref) == ref {
		t.Fatalf("web tip %+v", w)
	}
	if g := rows[1]; g.Channel != "telegram" || g.Contact != "chat" || anon.Ref(g.Ref) != ref {
		t.Fatalf("telegram tip %+v", g)
	}
	var files int
	b.must(b.db.Get(&files, `SELECT count(*) FROM intake_draft_files`))
	if files != 0 {
		t.Fatalf("%d draft files left after submitting", files)
	}
	// Officers filter the queue by channel.
	page, err := b.store.List(b.ctx, queue.Filter{Channel: "web"})
	if err != nil || len(page.Tips) != 1 || page.Tips[0].ID != webTip || page.Tips[0].Channel != "web" {
		t.Fatalf("web tips listed: %+v %v", page.Tips, err)
	}
}

// Chinese over a third of the limit in bytes goes to the queue whole, and
// the whole way to the limit.
func TestSubmitLongChineseDescription(t *testing.T) {
	b := setup(t)
	k := key(1)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		r := complete()
		r.SetText(strings.Repeat("有人在东山菜市场后门卖冰毒。", 500), b.core.DescriptionMax()) // 7,000 characters
		if r.DescriptionLen() != b.core.DescriptionMax() {
			t.Fatalf("description of %d characters", r.DescriptionLen())
		}
		b.startDraft(tx, k, Web, r)
		_, _, err := b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, LimitKey: k})
		return err
	}))
	var desc string
	b.must(b.db.Get(&desc, `SELECT description FROM tips`))
	if n := utf8.RuneCountInString(desc); n != b.core.DescriptionMax() || n <= 1365 {
		t.Fatalf("stored %d characters", n)
	}
}

func TestSubmitRefusals(t *testing.T) {
	b := setup(t)
	b.cfg.Limits.TipsPerDay = 1
	k := key(1)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		r := complete()
		r.Occurred = ""
		b.startDraft(tx, k, Web, r)
		var inc *IncompleteError
		if _, _, err := b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, LimitKey: k}); !errors.As(err, &inc) || inc.Step != StepOccurred {
			t.Fatalf("incomplete report: %v", err)
		}
		r.Occurred = "earlier"
		if _, _, err := b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, LimitKey: k}); err != nil {
			return err
		}
		r = complete()
		b.startDraft(tx, k, Web, r)
		var lim *LimitError
		if _, _, err := b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, LimitKey: k}); !errors.As(err, &lim) || lim.Kind != LimitTips {
			t.Fatalf("second report of the day: %v", err)
		}
		if r.Category == "" {
			t.Fatal("a refused report was erased")
		}
		// Another client's day is its own.
		_, _, err := b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, LimitKey: key(2)})
		return err
	}))
}

// Submit moves the draft's kept files into the tip inside the database, in
// the order they were kept and with the bytes kept; a held file is erased,
// not attached, and nothing of the draft's files remains.
func TestSubmitMovesTheDraftsFiles(t *testing.T) {
	b := setup(t)
	k := key(1)
	var tip int64
	var kept [][]byte
	b.must(b.tx(func(tx *sqlx.Tx) error {
		r := complete()
		b.startDraft(tx, k, Web, r)
		for _, secret := range []string{"first", "second"} {
			f, p, err := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: photo(t, secret)})
			if err != nil || p != ProblemNone {
				t.Fatalf("keep %s: %q %v", secret, p, err)
			}
			var data []byte
			b.must(tx.Get(&data, `SELECT data FROM intake_draft_files WHERE id = $1`, f.ID))
			kept = append(kept, data)
		}
		if _, p, err := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: []byte(strings.Repeat("no known format ", 8)), Name: "x.zip"}); err != nil || p != ProblemUncleanable {
			t.Fatalf("held file: %q %v", p, err)
		}
		var err error
		tip, _, err = b.core.Submit(b.ctx, tx, k, r, SubmitOptions{Channel: Web, Locale: LocaleZh, LimitKey: key(3)})
		return err
	}))
	var atts []struct {
		Name string `db:"file_name"`
		Data []byte `db:"data"`
	}
	b.must(b.db.Select(&atts, `SELECT file_name, data FROM attachments WHERE tip_id = $1 ORDER BY id`, tip))
	if len(atts) != 2 || atts[0].Name != "evidence-1.jpg" || atts[1].Name != "evidence-2.jpg" ||
		string(atts[0].Data) != string(kept[0]) || string(atts[1].Data) != string(kept[1]) {
		t.Fatalf("attachments of the tip: %d, %+v", len(atts), atts)
	}
	var left int
	b.must(b.db.Get(&left, `SELECT count(*) FROM intake_draft_files`))
	if left != 0 {
		t.Fatalf("%d draft files left after submit", left)
	}
}
