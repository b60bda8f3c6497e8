package intake

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

// submit files a complete report through ch and returns its tip and receipt.
func (b *bundle) submit(k Key, ch Channel, o SubmitOptions) (int64, queue.Receipt) {
	b.t.Helper()
	var id int64
	var receipt queue.Receipt
	b.must(b.tx(func(tx *sqlx.Tx) error {
		r := complete()
		b.startDraft(tx, k, ch, r)
		o.Channel = ch
		var err error
		id, receipt, err = b.core.Submit(b.ctx, tx, k, r, o)
		return err
	}))
	return id, receipt
}

// A receipt is the tip's, not the channel's: the bot's status check reads a
// web report's and the web's a bot report's.
func TestReceiptWorksInEitherChannel(t *testing.T) {
	b := setup(t)
	ref := anon.Ref(key(9))
	webTip, webReceipt := b.submit(key(1), Web, SubmitOptions{LimitKey: key(2)})
	tgTip, tgReceipt := b.submit(key(3), Telegram, SubmitOptions{ReporterRef: ref, LimitKey: Key(ref)})
	b.must(b.tx(func(tx *sqlx.Tx) error {
		// As the bot checks: keyed by the reporter, the code as typed.
		v, err := b.core.CheckReceipt(b.ctx, tx, Key(ref), " "+string(webReceipt)+" ")
		if err != nil || v.TipID != webTip {
			t.Fatalf("web receipt in the bot: %+v %v", v, err)
		}
		// As the web checks: keyed by the client, lower case without dashes.
		v, err = b.core.CheckReceipt(b.ctx, tx, key(4), lower(tgReceipt))
		if err != nil || v.TipID != tgTip || v.State != queue.StateNew {
			t.Fatalf("bot receipt on the web: %+v %v", v, err)
		}
		return nil
	}))
}

func lower(r queue.Receipt) string {
	out := []byte{}
	for _, c := range []byte(r) {
		if c == '-' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

func TestWrongReceiptsAreLimited(t *testing.T) {
	b := setup(t)
	b.cfg.Limits.WrongReceiptsPerHour = 3
	_, receipt := b.submit(key(1), Web, SubmitOptions{LimitKey: key(1)})
	client := key(2)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		for i, text := range []string{"not a code", "K7QM-3XPD-9WTA-2HCE", "0000-0000-0000-0000"} {
			if _, err := b.core.CheckReceipt(b.ctx, tx, client, text); !errors.Is(err, ErrWrongReceipt) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		// Now even the right code waits for the hour.
		var lim *LimitError
		if _, err := b.core.CheckReceipt(b.ctx, tx, client, string(receipt)); !errors.As(err, &lim) || lim.Kind != LimitWrongReceipts {
			t.Fatalf("fourth check: %v", err)
		}
		// Another client is not held back.
		if _, err := b.core.CheckReceipt(b.ctx, tx, key(3), string(receipt)); err != nil {
			t.Fatalf("another client: %v", err)
		}
		return nil
	}))
	b.now = b.now.Add(time.Hour)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		_, err := b.core.CheckReceipt(b.ctx, tx, client, string(receipt))
		return err
	}))
}

// Answers and added information take evidence in every channel, cleaned
// and held to the tip's limits.
func TestAnswerAndAddInformationWithFiles(t *testing.T) {
	b := setup(t)
	b.cfg.Bot.MaxFilesPerTip = 1
	id, receipt := b.submit(key(1), Web, SubmitOptions{LimitKey: key(1)})
	_, q := b.ask(id)

	b.must(b.tx(func(tx *sqlx.Tx) error {
		v, err := b.core.CheckReceipt(b.ctx, tx, key(5), string(receipt))
		if err != nil || len(v.Questions) != 1 || v.Questions[0].ID != q.ID {
			t.Fatalf("question not shown with the receipt: %+v %v", v, err)
		}
		// A refused file stores nothing of the answer.
		var pe *ProblemError
		_, err = b.core.Answer(b.ctx, tx, Web, id, q.ID, "星光网吧，二楼。", []Upload{{Data: pdfBytes, Name: "x.png"}})
		if !errors.As(err, &pe) || pe.Index != 0 || pe.Problem != ProblemMismatch {
			t.Fatalf("answer with a lying file: %v", err)
		}
		d, err := b.core.Answer(b.ctx, tx, Web, id, q.ID, "星光网吧，二楼。", []Upload{{Data: photo(t, "owner ZhangWei")}})
		if err != nil || d.Direction != queue.FromReporter {
			t.Fatalf("answer: %+v %v", d, err)
		}
		// The tip has its one file: another is over its limit.
		if _, err := b.core.AddInformation(b.ctx, tx, Web, id, "还有一张照片", []Upload{{Data: photo(t, "b")}}); !errors.As(err, &pe) || pe.Problem != ProblemCount {
			t.Fatalf("file past the tip's limit: %v", err)
		}
		b.cfg.Bot.MaxFilesPerTip = 2
		unknown := []byte(strings.Repeat("no known format ", 8))
		if _, err := b.core.AddInformation(b.ctx, tx, Web, id, "聊天记录", []Upload{{Data: unknown}}); !errors.As(err, &pe) || pe.Problem != ProblemUncleanable || len(pe.Remains) == 0 {
			t.Fatalf("uncleanable file not asked about: %v", err)
		}
		if _, err := b.core.AddInformation(b.ctx, tx, Web, id, "聊天记录", []Upload{{Data: unknown, KeepUncleanable: true}}); err != nil {
			t.Fatalf("uncleanable file kept anyway: %v", err)
		}
		if _, err := b.core.AddInformation(b.ctx, tx, Telegram, id, "他们晚上十点换班。", nil); err != nil {
			t.Fatalf("added information: %v", err)
		}
		if _, err := b.core.AddInformation(b.ctx, tx, Web, id+1000, "nobody's", nil); !errors.Is(err, ErrGone) {
			t.Fatalf("information for no tip: %v", err)
		}
		return nil
	}))
	var rows []struct {
		Name     string `db:"file_name"`
		Dialogue *int64 `db:"dialogue_id"`
		Data     []byte `db:"data"`
	}
	b.must(b.db.Select(&rows, `SELECT file_name, dialogue_id, data FROM attachments WHERE tip_id = $1 ORDER BY id`, id))
	if len(rows) != 2 || rows[0].Dialogue == nil || rows[0].Name != "evidence-1.jpg" || rows[1].Name != "evidence-2.txt" {
		t.Fatalf("attachments %+v", rows)
	}
	for _, r := range rows {
		if string(r.Data) != "" && contains(r.Data, "ZhangWei") {
			t.Fatal("an answer's photo kept its metadata")
		}
	}
}

func contains(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

// A closed tip takes nothing more from its reporter, in either channel: an
// addition or an answer (a page or a button left from before the closing) is
// ErrGone and nothing is stored.
func TestClosedTipTakesNothingMore(t *testing.T) {
	b := setup(t)
	id, _ := b.submit(key(1), Web, SubmitOptions{LimitKey: key(1)})
	by, q := b.ask(id)
	var err error
	b.must(b.tx(func(tx *sqlx.Tx) error {
		_, err := b.core.Answer(b.ctx, tx, Web, id, q.ID, "星光网吧。", nil)
		return err
	}))
	_, err = b.store.Close(b.ctx, by, id, queue.Spam, 0, 0)
	b.must(err)
	b.must(b.tx(func(tx *sqlx.Tx) error {
		for _, ch := range []Channel{Web, Telegram} {
			if _, err := b.core.AddInformation(b.ctx, tx, ch, id, "还有一张照片", []Upload{{Data: photo(t, "b")}}); !errors.Is(err, ErrGone) {
				t.Fatalf("%s: information for a closed tip: %v", ch, err)
			}
			if _, err := b.core.Answer(b.ctx, tx, ch, id, q.ID, "星光网吧。", nil); !errors.Is(err, ErrGone) {
				t.Fatalf("%s: answer for a closed tip: %v", ch, err)
			}
		}
		return nil
	}))
	var n int
	b.must(b.db.Get(&n, `SELECT count(*) FROM dialogue WHERE tip_id = $1 AND direction = 'from_reporter'`, id))
	if n != 1 {
		t.Fatalf("%d messages stored on a closed tip", n)
	}
}

// ask has an officer claim tip id and ask its reporter a question.
func (b *bundle) ask(id int64) (queue.Actor, queue.Dialogue) {
	var officer int64
	b.must(b.db.QueryRowx(`INSERT INTO officers (username, display_name, role, password_hash) VALUES ('wang.wei', 'wang.wei', 'officer', 'x') RETURNING id`).Scan(&officer))
	by := queue.Actor{ID: officer, Username: "wang.wei", Role: queue.RoleOfficer}
	_, err := b.store.Claim(b.ctx, by, id, 0)
	b.must(err)
	q, err := b.store.AskReporter(b.ctx, by, id, "请问是哪家网吧？", 0)
	b.must(err)
	return by, q
}
