package chat

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// hostileFixture is the usual fixture with the real queue behind the
// conversation, so what a hostile reporter sends reaches the tips table.
func hostileFixture(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	_, _, receiptKey := f.cfg.KeyBytes()
	// The store writes through the transaction it is handed; the fixture's
	// rolls back at the end of the test.
	store := queue.NewStore(nil, f.cfg, receiptKey)
	conv, err := New(Deps{Config: f.cfg, Queue: store, Keys: f.keys, Files: f.conv.files, Now: f.conv.now})
	if err != nil {
		t.Fatal(err)
	}
	f.conv = conv
	return f
}

// submitWith walks the wizard with the given messages as the description and
// returns the stored description of the tip, or "" if no tip was stored.
func submitWith(t *testing.T, f *fixture, u *telegramtest.User, msgs ...*models.Message) string {
	t.Helper()
	for _, m := range msgs {
		f.msg(m)
	}
	f.msg(u.SendText("Drug dealing at the bus station every night around ten."))
	f.answerWizard(u)
	var desc []string
	if err := f.tx.SelectContext(f.ctx, &desc, `SELECT description FROM tips WHERE reporter_ref = $1`, f.keys.Reporter(u.ID()).Bytes()); err != nil {
		t.Fatal(err)
	}
	if len(desc) != 1 {
		t.Fatalf("%d tips stored, want 1", len(desc))
	}
	return desc[0]
}

// checkPlainReplies fails if a reply could be read as markup: only the receipt
// message uses HTML, and it carries nothing the reporter wrote.
func checkPlainReplies(t *testing.T, f *fixture, u *telegramtest.User) {
	t.Helper()
	for _, r := range f.replies(u) {
		switch r.ParseMode {
		case "":
		case "HTML":
			for _, bad := range []string{"<script", "<b>", "DROP TABLE", "<a "} {
				if strings.Contains(r.Text, bad) {
					t.Errorf("HTML reply carries %q unescaped: %q", bad, r.Text)
				}
			}
		default:
			t.Errorf("reply with parse mode %q", r.ParseMode)
		}
	}
}

// checkTablesIntact fails if the tables the conversation writes are gone.
func checkTablesIntact(t *testing.T, f *fixture) {
	t.Helper()
	for _, table := range []string{"tips", "intake_drafts", "outbox", "attachments"} {
		var n int
		if err := f.tx.GetContext(f.ctx, &n, `SELECT count(*) FROM `+table); err != nil {
			t.Fatalf("table %s: %v", table, err)
		}
	}
}

func TestHostileTextIsStoredAsText(t *testing.T) {
	huge := strings.Repeat("冰毒交易 ", 100<<10/len("冰毒交易 "))
	cases := []struct {
		name string
		text string
		keep []string // what the stored description must contain
		drop []string // what it must not
	}{
		{"markup", `<b>bold</b> <a href="tg://user?id=1">x</a> *md* _it_`, []string{`<b>bold</b>`, `<a href="tg://user?id=1">x</a>`, "*md*"}, nil},
		{"script", `<script>alert(document.cookie)</script><img src=x onerror=alert(1)>`, []string{`<script>alert(document.cookie)</script>`, `onerror=alert(1)`}, nil},
		{"sql", `'); DROP TABLE tips;-- " OR 1=1; $1 \x`, []string{`'); DROP TABLE tips;--`, `" OR 1=1; $1 \x`}, nil},
		{"control", "bell\x07 nul\x00 esc\x1b[31m red del\x7f end", []string{"bell", "red", "end"}, []string{"\x00", "\x07", "\x1b", "\x7f"}},
		{"bidi", "pay \u202Egnp.exe\u202C and \u2066isolate\u2069 \u200Fmark", []string{"gnp.exe", "isolate"}, []string{"\u202E", "\u202C", "\u2066", "\u2069", "\u200F"}},
		{"zero width", "ice\u200Bshop \u200Dhidden\u2060 \uFEFFbom", []string{"shop", "hidden", "bom"}, nil},
		{"broken utf-8", "good \xff\xfe\xc3\x28 bad \xed\xa0\x80 surrogate", []string{"good", "bad", "surrogate"}, []string{"\xff", "\xfe", "\xed\xa0\x80"}},
		{"huge", huge, []string{"冰毒交易"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := hostileFixture(t)
			u := f.user("en")
			m := u.SendText("placeholder")
			m.Text = tc.text // as a broken or hostile client might deliver it
			desc := submitWith(t, f, u, m)
			for _, k := range tc.keep {
				if !strings.Contains(desc, k) {
					t.Errorf("stored description lacks %q", k)
				}
			}
			for _, d := range tc.drop {
				if strings.Contains(desc, d) {
					t.Errorf("stored description keeps %q", d)
				}
			}
			// A huge message fills the description to its limit; the
			// sentence after it is then refused, not the whole report.
			if n := utf8.RuneCountInString(desc); n > 20000 {
				t.Errorf("stored description of %d characters", n)
			} else if tc.name != "huge" && !strings.Contains(desc, "bus station") {
				t.Error("the rest of the description was lost")
			}
			checkPlainReplies(t, f, u)
			checkTablesIntact(t, f)
		})
	}
}

func TestEmptyMessageIsAnswered(t *testing.T) {
	f := hostileFixture(t)
	u := f.user("zh")
	m := u.SendText("placeholder")
	m.Text = ""
	f.msg(m)
	if len(f.replies(u)) == 0 {
		t.Fatal("an empty message got no answer")
	}
	if d := f.draft(u); d != nil && d.Report != nil && d.Report.Description() != "" {
		t.Fatalf("an empty message left a description: %q", d.Report.Description())
	}
	checkPlainReplies(t, f, u)
}

// pngHeader is a valid PNG signature and IHDR declaring w×h pixels, and an
// IEND: decoding it would ask for w*h*4 bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data))) //nolint:errcheck // bytes.Buffer
		body := append([]byte(typ), data...)
		b.Write(body)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(body)) //nolint:errcheck // bytes.Buffer
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("tEXt", []byte("Author\x00Zhang Wei"))
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func TestHostileFilesDoNotBreakTheConversation(t *testing.T) {
	jpg := dirtyJPEG(t, "GPS 27.7 112.5")
	bomb := pngHeader(100000, 100000)
	cases := []struct {
		name string
		send func(u *telegramtest.User) *models.Message
		// kept is how many attachments reach the tip: a file that is not what
		// it says, or is damaged, is refused with a reason, not stored.
		kept int
	}{
		{"png bomb as photo", func(u *telegramtest.User) *models.Message { return u.SendPhoto(bomb, "") }, 0},
		{"png bomb as document", func(u *telegramtest.User) *models.Message {
			return u.SendDocument("map.png", "image/png", bomb, "")
		}, 1},
		{"truncated jpeg photo", func(u *telegramtest.User) *models.Message { return u.SendPhoto(jpg[:len(jpg)/3], "") }, 0},
		{"pdf named jpeg", func(u *telegramtest.User) *models.Message {
			return u.SendDocument("photo.jpg", "image/jpeg", pdfBytes, "<script>x</script>")
		}, 0},
		{"empty document", func(u *telegramtest.User) *models.Message {
			return u.SendDocument("empty.bin", "application/octet-stream", nil, "")
		}, 0},
		{"markup file name", func(u *telegramtest.User) *models.Message {
			return u.SendDocument("<b>x</b>'); DROP TABLE tips;--.pdf", "application/pdf", pdfBytes, "")
		}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := hostileFixture(t)
			u := f.user("en")
			submitWith(t, f, u, u.SendText("They sell in the park at night, see the file."), tc.send(u))
			var atts []struct {
				Kind   string `db:"kind"`
				Name   string `db:"file_name"`
				Mime   string `db:"mime"`
				Status string `db:"clean_status"`
				Data   []byte `db:"data"`
			}
			if err := f.tx.SelectContext(f.ctx, &atts, `
				SELECT a.kind, a.file_name, a.mime, a.clean_status, a.data FROM attachments a JOIN tips t ON t.id = a.tip_id
				 WHERE t.reporter_ref = $1`, f.keys.Reporter(u.ID()).Bytes()); err != nil {
				t.Fatal(err)
			}
			if len(atts) != tc.kept {
				t.Fatalf("%d attachments kept, want %d", len(atts), tc.kept)
			}
			for _, a := range atts {
				if bytes.Contains(a.Data, []byte("Zhang Wei")) || bytes.Contains(a.Data, []byte("GPS")) {
					t.Errorf("attachment %q kept its metadata", a.Name)
				}
				if a.Kind == "image" && bytes.HasPrefix(a.Data, []byte("%PDF")) {
					t.Errorf("a PDF was kept as an image (%s)", a.Mime)
				}
				if a.Kind == "image" && a.Status != "cleaned" {
					t.Errorf("image %q is %s, want cleaned", a.Name, a.Status)
				}
				if strings.ContainsAny(a.Name, "<>'\";") {
					t.Errorf("attachment name %q carries the sender's markup", a.Name)
				}
			}
			checkPlainReplies(t, f, u)
			checkTablesIntact(t, f)
		})
	}
}

func TestUpdatesOfOtherKindsAreIgnored(t *testing.T) {
	f := hostileFixture(t)
	u := f.user("en")
	from := models.User{ID: u.ID(), FirstName: "Wei"}
	private := models.Chat{ID: u.ID(), Type: models.ChatTypePrivate}
	for _, upd := range []*models.Update{
		{ID: 1},
		{ID: 2, MyChatMember: &models.ChatMemberUpdated{Chat: private, From: from}},
		{ID: 3, MessageReaction: &models.MessageReactionUpdated{Chat: private, User: &from}},
		{ID: 4, ChatJoinRequest: &models.ChatJoinRequest{Chat: private, From: from}},
		{ID: 5, InlineQuery: &models.InlineQuery{ID: "q", From: &from, Query: "<b>x</b>"}},
		{ID: 6, ChannelPost: &models.Message{ID: 1, Chat: models.Chat{ID: -1001, Type: models.ChatTypeChannel}, Text: "post"}},
		{ID: 7, Message: &models.Message{ID: 1, Chat: models.Chat{ID: -42, Type: models.ChatTypeGroup}, From: &from, Text: "/start"}},
		{ID: 8, Message: &models.Message{ID: 2, Chat: private, Text: "no sender"}},
		{ID: 9, CallbackQuery: &models.CallbackQuery{ID: "c", From: from, Data: "m:report"}},
	} {
		f.handle(upd)
	}
	if rs := f.replies(u); len(rs) != 0 {
		t.Fatalf("updates that are not a reporter's message were answered: %+v", rs)
	}
	if f.draft(u) != nil {
		t.Fatal("an ignored update started a draft")
	}
}
