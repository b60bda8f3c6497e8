package chat

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

var (
	mp4Bytes = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), bytes.Repeat([]byte{0}, 64)...)
	oggBytes = opusVoice("ARTIST=ZhangWei")
	pdfBytes = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
)

// opusVoice is a voice note as Telegram's clients record it: Ogg Opus, its
// comment header naming whoever recorded it.
func opusVoice(comment string) []byte {
	page := func(flags byte, seq uint32, body []byte) []byte {
		p := append([]byte("OggS\x00"), flags)
		p = binary.LittleEndian.AppendUint64(p, 0)
		p = binary.LittleEndian.AppendUint32(p, 0x1d1)
		p = binary.LittleEndian.AppendUint32(p, seq)
		p = append(p, 0, 0, 0, 0, 1, byte(len(body)))
		return append(p, body...)
	}
	head := append([]byte("OpusHead\x01\x01"), 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0)
	tags := binary.LittleEndian.AppendUint32([]byte("OpusTags"), 0)
	tags = binary.LittleEndian.AppendUint32(tags, 1)
	tags = binary.LittleEndian.AppendUint32(tags, uint32(len(comment)))
	tags = append(tags, comment...)
	out := page(0x02, 0, head)
	out = append(out, page(0, 1, tags)...)
	return append(out, page(0x04, 2, bytes.Repeat([]byte{0xf8, 0xff, 0xfe}, 20))...)
}

// reportWithEverything walks the whole wizard with every kind of evidence and
// returns the submission the queue received.
func reportWithEverything(t *testing.T, f *fixture, u *telegramtest.User, consent string) queue.Submission {
	t.Helper()
	f.msg(u.SendCommand("/start"))
	f.press(u, "m:report")
	f.press(u, "c:selling")
	f.press(u, "ap:1")
	if r := f.last(u); !hasButton(r, "a:quantang") || hasButton(r, "a:hutian") || !hasButton(r, "ap:0") {
		t.Fatalf("second page of areas: %v", buttons(r))
	}
	f.press(u, "a:quantang")
	f.press(u, "o:now")
	f.msg(u.SendText("短"))
	f.press(u, "d:done") // too short: refused with a reason
	if d := f.draft(u); d.Report.Step != stepDescription {
		t.Fatalf("a too short description moved on to %q", d.Report.Step)
	}
	f.msg(u.SendText("每天晚上九点有人在壶天镇菜市场后门卖冰毒,骑黑色摩托车,车牌湘C12345。"))
	f.press(u, "d:done")

	photo := dirtyJPEG(t, "GPS 27.7 112.5 owner ZhangWei")
	f.msg(u.SendPhoto(photo, "菜市场后门"))
	f.msg(u.SendVideo(mp4Bytes, ""))
	f.msg(u.SendDocument("张伟的账本.pdf", "application/pdf", pdfBytes, ""))
	f.msg(u.SendVoice(oggBytes))
	f.msg(u.Forward(telegramtest.ForwardOrigin{ChannelTitle: "湘乡冰糖批发", ChannelUsername: "@xx_ice_shop"}, "冰糖到货,老地方见"))
	for _, m := range u.SendAlbum(telegramtest.AlbumItem{Data: dirtyJPEG(t, "album one")}, telegramtest.AlbumItem{Data: dirtyJPEG(t, "album two")}) {
		f.msg(m)
	}
	// The album's second photo updated the message its first one brought.
	rs := f.replies(u)
	if last := rs[len(rs)-1]; last.Method != botapi.EditMessageText || last.ReplyToOutbox == 0 || !strings.Contains(last.Text, "6") {
		t.Fatalf("album item answered with %+v", last)
	}
	f.press(u, "e:done")
	f.press(u, "k:"+consent)
	if d := f.draft(u); d.Report.Step != stepReview {
		t.Fatalf("after consent the step is %q", d.Report.Step)
	}
	f.press(u, "r:submit")
	if len(f.q.subs) != 1 {
		t.Fatalf("queue got %d submissions", len(f.q.subs))
	}
	return f.q.subs[0]
}

func checkSubmission(t *testing.T, f *fixture, u *telegramtest.User, sub queue.Submission) {
	t.Helper()
	if sub.Category != "selling" || sub.AreaCode != "quantang" || sub.Occurred != queue.OccurredNow || sub.Kind != queue.KindReport {
		t.Fatalf("submission fields: %+v", sub)
	}
	if sub.ReporterRef != f.keys.Reporter(u.ID()) {
		t.Fatal("submission is not under the reporter's ref")
	}
	for _, want := range []string{"短", "湘C12345", "湘乡冰糖批发", "@xx_ice_shop", "冰糖到货", "菜市场后门"} {
		if !strings.Contains(sub.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, sub.Description)
		}
	}
	if len(sub.Attachments) != 6 {
		t.Fatalf("got %d attachments, want 6", len(sub.Attachments))
	}
	kinds := map[string]int{}
	for i, a := range sub.Attachments {
		kinds[a.Kind]++
		if a.FileName != "evidence-"+strconv.Itoa(i+1)+strings.TrimPrefix(a.FileName, "evidence-"+strconv.Itoa(i+1)) || strings.Contains(a.FileName, "张伟") {
			t.Errorf("attachment name %q", a.FileName)
		}
		if bytes.Contains(a.Data, []byte("ZhangWei")) || bytes.Contains(a.Data, []byte("album")) {
			t.Errorf("attachment %d still carries its metadata", i)
		}
		if a.Original != nil {
			t.Errorf("original of attachment %d kept though not configured", i)
		}
	}
	if kinds["image"] != 3 || kinds["video"] != 1 || kinds["document"] != 1 || kinds["audio"] != 1 {
		t.Errorf("attachment kinds %v", kinds)
	}
	if sub.Attachments[0].CleanStatus != "cleaned" {
		t.Errorf("photo clean status %q", sub.Attachments[0].CleanStatus)
	}
	if f.draft(u) != nil {
		t.Error("draft kept after submission")
	}
	var files int
	if err := f.tx.GetContext(f.ctx, &files, `SELECT count(*) FROM intake_draft_files`); err != nil || files != 0 {
		t.Errorf("draft files left: %d %v", files, err)
	}
	receipt := f.q.receipts[0]
	r := f.last(u)
	if r.ParseMode != "HTML" || !strings.Contains(r.Text, "<code>"+string(receipt)+"</code>") {
		t.Fatalf("receipt message: %+v", r)
	}
	if b := buttons(r); len(b) != 1 || b[0] != "m:new" {
		t.Fatalf("the receipt message could be replaced by its buttons: %v", b)
	}
	for _, rq := range f.replies(u) {
		if rq.ParseMode != "" && rq.Text != r.Text {
			t.Errorf("message with parse mode %q: %q", rq.ParseMode, rq.Text)
		}
	}
}

func TestReportFlowChinese(t *testing.T) {
	f := setup(t)
	u := f.user("zh-hans")
	sub := checkFlow(t, f, u, "chat")
	if sub.Locale != "zh-CN" || sub.ContactMode != queue.ContactChat {
		t.Fatalf("locale %q contact %q", sub.Locale, sub.ContactMode)
	}
	chatID, err := f.keys.OpenChat(sub.ContactSealed)
	if err != nil || chatID != u.ID() {
		t.Fatalf("sealed contact opens to %d, %v", chatID, err)
	}
	f.expectLast(u, "回执码")
	assertNoIdentity(t, f, u)
}

func TestReportFlowEnglish(t *testing.T) {
	f := setup(t)
	u := f.user("en-GB")
	sub := checkFlow(t, f, u, "code")
	if sub.Locale != "en" || sub.ContactMode != queue.ContactCode || sub.ContactSealed != nil {
		t.Fatalf("locale %q contact %q sealed %v", sub.Locale, sub.ContactMode, sub.ContactSealed != nil)
	}
	f.expectLast(u, "receipt code")
	assertNoIdentity(t, f, u)
}

func checkFlow(t *testing.T, f *fixture, u *telegramtest.User, consent string) queue.Submission {
	sub := reportWithEverything(t, f, u, consent)
	checkSubmission(t, f, u, sub)
	return sub
}

// assertNoIdentity fails if any table the conversation writes, or the
// submission, holds the simulated user's id, username, name or phone.
func assertNoIdentity(t *testing.T, f *fixture, u *telegramtest.User) {
	t.Helper()
	needles := []string{strconv.FormatInt(u.ID(), 10), "zhangwei_secret", "Wei", "Zhang", "13800138000"}
	for _, table := range []string{"bot_reporters", "intake_drafts", "intake_draft_files", "intake_limits", "outbox"} {
		var rows []string
		if err := f.tx.SelectContext(f.ctx, &rows, `SELECT row_to_json(t)::text FROM `+table+` t`); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, n := range needles {
				if strings.Contains(row, n) {
					t.Errorf("%s holds %q: %.200s", table, n, row)
				}
			}
		}
	}
	for _, sub := range f.q.subs {
		sub.Attachments = nil
		b, _ := json.Marshal(sub)
		for _, n := range needles {
			if strings.Contains(string(b), n) {
				t.Errorf("submission holds %q", n)
			}
		}
	}
}

func TestLocationPinAndTypedPlace(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	f.press(u, "m:report")
	f.press(u, "c:manufacturing")
	f.press(u, "a:-pin")
	f.expectLast(u, "not where you are")
	f.msg(u.SendLocation(27.73, 112.53))
	d := f.draft(u)
	if d.Report.Latitude == nil || *d.Report.Latitude != 27.73 || d.Report.Step != stepOccurred {
		t.Fatalf("pin not taken as the place: %+v", d.Report)
	}
	// Changing the place from the review: typed text replaces the pin's label.
	d.Report.Step = stepReview
	f.press(u, "x:area")
	f.msg(u.SendText("Building 3, Dongshan market"))
	d = f.draft(u)
	if d.Report.AreaText != "Building 3, Dongshan market" || d.Report.Step != stepReview {
		t.Fatalf("typed place: %+v", d.Report)
	}
}

func TestCancelErasesDraftAndFiles(t *testing.T) {
	f := setup(t)
	u := f.user("zh")
	f.msg(u.SendPhoto(dirtyJPEG(t, "x"), "看到有人交易"))
	d := f.draft(u)
	if d == nil || d.Report == nil || !strings.Contains(d.Report.Description(), "看到有人交易") {
		t.Fatalf("a photo outside any flow did not start a report: %+v", d)
	}
	f.msg(u.SendCommand("/cancel"))
	if f.draft(u) != nil {
		t.Fatal("draft kept after /cancel")
	}
	var n int
	if err := f.tx.GetContext(f.ctx, &n, `SELECT count(*) FROM intake_draft_files`); err != nil || n != 0 {
		t.Fatalf("files left after cancel: %d %v", n, err)
	}
	f.expectLast(u, "已取消")
}

func TestEvidenceRefusals(t *testing.T) {
	f := setup(t)
	f.cfg.Bot.MaxFilesPerTip = 2
	f.cfg.Bot.MaxFileBytes = 1000
	u := f.user("en")
	f.msg(u.SendText("Someone sells drugs behind the school gate every evening."))
	f.msg(u.SendDocument("big.pdf", "application/pdf", append(pdfBytes, bytes.Repeat([]byte{'x'}, 2000)...), ""))
	f.expectLast(u, "too large")
	f.msg(u.SendDocument("photo.jpg", "image/jpeg", pdfBytes, ""))
	f.expectLast(u, "does not match")
	jpg := dirtyJPEG(t, "x")
	f.msg(u.SendDocument("cut.jpg", "image/jpeg", jpg[:len(jpg)/2], ""))
	f.expectLast(u, "damaged")
	f.msg(u.SendDocument("empty.pdf", "application/pdf", nil, ""))
	f.msg(u.SendPhoto(jpg, ""))
	f.msg(u.SendVoice(oggBytes))
	f.msg(u.SendVideo(mp4Bytes, ""))
	f.expectLast(u, "at most 2 files")
	n, _, err := (&session{c: f.conv, ctx: f.ctx, tx: f.tx, ref: f.keys.Reporter(u.ID())}).fileTotals()
	if err != nil || n != 2 {
		t.Fatalf("kept %d files, want 2 (%v)", n, err)
	}
}

func TestSubmitRefusedPastDailyLimit(t *testing.T) {
	f := setup(t)
	f.cfg.Limits.TipsPerDay = 1
	u := f.user("en")
	walk := func() {
		f.msg(u.SendText("Drug dealing at the bus station every night around ten."))
		f.answerWizard(u)
	}
	walk()
	walk()
	if len(f.q.subs) != 1 {
		t.Fatalf("%d submissions past a limit of 1", len(f.q.subs))
	}
	rs := f.replies(u)
	last := rs[len(rs)-1]
	if last.Method != botapi.AnswerCallbackQuery || !strings.Contains(last.Text, "limit") {
		t.Fatalf("limit answer: %+v", last)
	}
	if d := f.draft(u); d == nil || d.Report == nil {
		t.Fatal("draft lost at the limit")
	}
}

// A file that cannot be cleaned is asked about before it is kept: dropped
// for a screenshot, or kept anyway with the warning officers see.
func TestUncleanableFileIsAskedAbout(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	f.msg(u.SendText("Someone sells drugs behind the school gate every evening."))
	archive := bytes.Repeat([]byte("unknown format "), 10)
	f.msg(u.SendDocument("chat-export.bin", "application/octet-stream", archive, ""))
	ask := f.expectLast(u, "send a screenshot instead")
	var keep, drop string
	for _, b := range buttons(ask) {
		switch {
		case strings.HasPrefix(b, "u:keep:"):
			keep = b
		case strings.HasPrefix(b, "u:drop:"):
			drop = b
		}
	}
	if keep == "" || drop == "" {
		t.Fatalf("no choice offered: %v", buttons(ask))
	}
	count := func() (n int) {
		if err := f.tx.GetContext(f.ctx, &n, `SELECT count(*) FROM intake_draft_files WHERE NOT pending`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 0 {
		t.Fatal("the file was kept before the reporter chose")
	}
	f.press(u, drop)
	f.expectLast(u, "take a screenshot")
	f.press(u, keep) // gone with the drop
	if count() != 0 {
		t.Fatal("a dropped file was kept")
	}
	f.msg(u.SendDocument("chat-export.bin", "application/octet-stream", archive, ""))
	for _, b := range buttons(f.last(u)) {
		if strings.HasPrefix(b, "u:keep:") {
			f.press(u, b)
		}
	}
	f.expectLast(u, "Officers will see a warning")
	f.answerWizard(u)
	if len(f.q.subs) != 1 || len(f.q.subs[0].Attachments) != 1 || f.q.subs[0].Attachments[0].CleanStatus != "uncleanable" {
		t.Fatalf("submitted %+v", f.q.subs)
	}
}
