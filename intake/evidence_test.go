package intake

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

var pdfBytes = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

func TestKeepFileCleansAndNamesNeutrally(t *testing.T) {
	b := setup(t)
	k := key(1)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		b.startDraft(tx, k, Web, complete())
		f, p, err := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: photo(t, "owner ZhangWei GPS"), Name: "IMG_Zhang_Wei.jpg", MIME: "image/jpeg"})
		if err != nil || p != ProblemNone {
			t.Fatalf("photo: %s %v", p, err)
		}
		if f.Name != "evidence-1.jpg" || f.Kind != "image" || f.CleanStatus != "cleaned" {
			t.Fatalf("kept as %+v", f)
		}
		var data []byte
		b.must(tx.Get(&data, `SELECT data FROM intake_draft_files WHERE id = $1`, f.ID))
		if bytes.Contains(data, []byte("ZhangWei")) {
			t.Fatal("the photo's comment was kept")
		}
		return nil
	}))
}

func TestKeepFileProblems(t *testing.T) {
	b := setup(t)
	b.cfg.Bot.MaxFilesPerTip = 3
	b.cfg.Bot.MaxFileBytes = 1 << 10
	b.cfg.Bot.MaxTipBytes = 2 << 10
	k := key(1)
	big := append(append([]byte{}, pdfBytes...), bytes.Repeat([]byte{' '}, 900)...)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		b.startDraft(tx, k, Web, complete())
		cases := []struct {
			name string
			up   Upload
			want Problem
		}{
			{"empty", Upload{Name: "a.jpg"}, ProblemEmpty},
			{"a PDF called a photo", Upload{Data: pdfBytes, Name: "photo.jpg", MIME: "image/jpeg"}, ProblemMismatch},
			{"over the per-file limit", Upload{Data: bytes.Repeat([]byte{'a'}, 2<<10)}, ProblemTooLarge},
			{"first", Upload{Data: big}, ProblemNone},
			{"second", Upload{Data: big}, ProblemNone},
			{"over the per-tip bytes", Upload{Data: big}, ProblemBytes},
			{"small third", Upload{Data: pdfBytes}, ProblemNone},
			{"fourth", Upload{Data: pdfBytes}, ProblemCount},
		}
		for _, c := range cases {
			_, p, err := b.core.KeepFile(b.ctx, tx, k, Web, c.up)
			if err != nil || p != c.want {
				t.Errorf("%s: %q %v, want %q", c.name, p, err, c.want)
			}
		}
		if p, err := b.core.CheckFile(b.ctx, tx, k, Web, 10); err != nil || p != ProblemCount {
			t.Errorf("check before a fetch: %q %v", p, err)
		}
		files, err := b.core.Files(b.ctx, tx, k)
		if err != nil || len(files) != 3 {
			t.Fatalf("%d files kept (%v), want 3", len(files), err)
		}
		b.must(b.core.RemoveFile(b.ctx, tx, key(2), files[0].ID)) // not this draft's: untouched
		b.must(b.core.RemoveFile(b.ctx, tx, k, files[1].ID))
		if n, _, err := b.core.FileTotals(b.ctx, tx, k); err != nil || n != 2 {
			t.Fatalf("%d files after removing one (%v)", n, err)
		}
		return nil
	}))
	// Each problem reads in both languages, with the limit in it.
	for _, p := range []Problem{ProblemTooLarge, ProblemCount, ProblemBytes, ProblemBroken, ProblemMismatch, ProblemEmpty, ProblemUncleanable, ProblemFailed} {
		zh, en := b.core.ProblemText(Web, LocaleZh, p), b.core.ProblemText(Web, LocaleEn, p)
		if zh == "" || en == "" || zh == en || strings.Contains(zh, "report.") || strings.Contains(zh, "%!") {
			t.Errorf("%s: %q / %q", p, zh, en)
		}
	}
	if !strings.Contains(b.core.ProblemText(Web, LocaleEn, ProblemCount), "3") {
		t.Error("the count problem does not say the limit")
	}
}

// A file that cannot be cleaned is held until the reporter chooses: not
// counted, not submitted, and said what may remain in it.
func TestUncleanableFileIsHeldUntilKept(t *testing.T) {
	b := setup(t)
	b.cfg.Bot.MaxFilesPerTip = 2
	k := key(1)
	unknown := bytes.Repeat([]byte("no known format "), 8)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		b.startDraft(tx, k, Web, complete())
		held, p, err := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: unknown, Name: "export.zip"})
		if err != nil || p != ProblemUncleanable || !held.Pending || len(held.Remains) == 0 {
			t.Fatalf("uncleanable file: %+v %q %v", held, p, err)
		}
		for _, l := range []string{LocaleZh, LocaleEn} {
			if text := UncleanableText(l, held.Remains); strings.Contains(text, "%!") || strings.Contains(text, "trace.") {
				t.Errorf("%s question: %q", l, text)
			}
		}
		if n, _, _ := b.core.FileTotals(b.ctx, tx, k); n != 0 {
			t.Fatal("a held file is counted")
		}
		if _, p, _ := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: photo(t, "a")}); p != ProblemNone {
			t.Fatalf("photo: %q", p)
		}
		if p, err := b.core.KeepAnyway(b.ctx, tx, k, Web, held.ID); err != nil || p != ProblemNone {
			t.Fatalf("keep anyway: %q %v", p, err)
		}
		if _, err := b.core.KeepAnyway(b.ctx, tx, k, Web, held.ID); !errors.Is(err, ErrNoFile) {
			t.Fatalf("kept twice: %v", err)
		}
		files, err := b.core.Files(b.ctx, tx, k)
		if err != nil || len(files) != 2 || files[0].Name != "evidence-2.txt" || files[0].Pending || files[0].CleanStatus != "uncleanable" {
			t.Fatalf("files %+v %v", files, err)
		}
		// Another held file past the count is refused when kept, and gone.
		again, _, _ := b.core.KeepFile(b.ctx, tx, k, Web, Upload{Data: unknown})
		if again.ID != 0 {
			t.Fatal("a file past the count was held")
		}
		return nil
	}))
}
