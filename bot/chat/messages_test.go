package chat

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

func TestDraftsExpire(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	f.msg(u.SendText("Somebody grows poppies in the yard behind the old mill."))
	f.msg(u.SendPhoto(dirtyJPEG(t, "x"), ""))
	f.now = f.now.Add(f.cfg.Bot.DraftTTL.D() + time.Minute)
	// Coming back after the silence: the old draft is gone, the new text starts afresh.
	f.msg(u.SendText("Another thing entirely, at the bus station."))
	texts := f.replies(u)
	var told bool
	for _, r := range texts {
		told = told || strings.Contains(r.Text, "deleted after a long silence")
	}
	d := f.draft(u)
	if !told || d == nil || strings.Contains(d.Report.Description(), "poppies") {
		t.Fatalf("expired draft: told=%v draft=%+v", told, d)
	}
	var files int
	if err := f.tx.GetContext(f.ctx, &files, `SELECT count(*) FROM intake_draft_files`); err != nil || files != 0 {
		t.Fatalf("files of the expired draft: %d %v", files, err)
	}

	// The job erases drafts nobody came back to.
	v := f.user("zh")
	f.msg(v.SendText("有人在网吧里吸毒,几乎每天晚上都在。"))
	n, err := intake.PurgeExpired(f.ctx, f.tx, f.now.Add(2*f.cfg.Bot.DraftTTL.D()))
	if err != nil || n != 2 {
		t.Fatalf("purged %d, %v; want 2", n, err)
	}
	if f.draft(v) != nil || f.draft(u) != nil {
		t.Fatal("drafts left after the purge")
	}
}

func TestHostileTextStaysText(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	hostile := "<b>bold</b> <a href=\"tg://user?id=1\">x</a> \x00\x07nul \u202Eevil\u202C 138\u2066 0013 \xff\xfe end"
	m := u.SendText("placeholder")
	m.Text = hostile // as a broken client might deliver it
	f.msg(m)
	d := f.draft(u)
	desc := d.Report.Description()
	for _, bad := range []string{"\x00", "\x07", "\u202E", "\u202C", "\u2066", "\xff"} {
		if strings.Contains(desc, bad) {
			t.Errorf("description keeps %q", bad)
		}
	}
	if !strings.Contains(desc, "<b>bold</b>") || !strings.Contains(desc, "evil") {
		t.Fatalf("description lost the text: %q", desc)
	}
	d.Report.Step = stepReview
	f.press(u, "k:code") // stale here: shows the current step
	for _, r := range f.replies(u) {
		if r.ParseMode != "" {
			t.Fatalf("reply with parse mode %q", r.ParseMode)
		}
	}
}

func TestContactRefusedAndNothingKept(t *testing.T) {
	f := setup(t)
	u := f.user("zh")
	f.msg(u.SendContact("+8613800138000", "Wei"))
	f.expectLast(u, "不接收手机号")
	if f.draft(u) != nil {
		t.Fatal("a contact started a draft")
	}
	assertNoIdentity(t, f, u)
}

func TestForwardedPostIsEvidence(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	dealer := f.srv.NewUser(telegramtest.UserOptions{FirstName: "Ah", LastName: "Long", Username: "ice_ahlong"})
	f.msg(u.Forward(telegramtest.ForwardOrigin{User: dealer}, "Fresh stock tonight"))
	m := u.Forward(telegramtest.ForwardOrigin{ChannelTitle: "Candy Shop", ChannelUsername: "candyshop_xx"}, "Order here")
	m.Entities = []models.MessageEntity{{Type: models.MessageEntityTypeTextLink, Offset: 0, Length: 5, URL: "https://t.me/+secretgroup"}}
	f.msg(m)
	f.msg(u.Forward(telegramtest.ForwardOrigin{User: u}, "my own words"))
	desc := f.draft(u).Report.Description()
	for _, want := range []string{"@ice_ahlong", "Ah Long", "Fresh stock tonight", "Candy Shop @candyshop_xx", "https://t.me/+secretgroup", "my own words"} {
		if !strings.Contains(desc, want) {
			t.Errorf("description lacks %q:\n%s", want, desc)
		}
	}
	if strings.Contains(desc, "zhangwei_secret") || strings.Contains(desc, "Wei") {
		t.Errorf("the reporter's own forward names them:\n%s", desc)
	}
}

// A reporter who hides their account in forwards is named by Telegram with
// the name they go by: forwarding their own message must not put it in the
// tip, in whatever order or spacing it comes. A dealer's hidden name is kept.
func TestHiddenForwardOfTheReportersOwnName(t *testing.T) {
	f := setup(t)
	u := f.user("zh")
	zh := f.srv.NewUser(telegramtest.UserOptions{FirstName: "伟", LastName: "张", Username: "zw_1990"})
	f.lang[zh.ID()] = "zh"
	for _, name := range []string{"Wei Zhang", "zhang  wei", "@zhangwei_secret"} {
		f.msg(u.Forward(telegramtest.ForwardOrigin{HiddenUserName: name}, "我自己写的"))
	}
	f.msg(u.Forward(telegramtest.ForwardOrigin{HiddenUserName: "老王"}, "今晚有货"))
	f.msg(zh.Forward(telegramtest.ForwardOrigin{HiddenUserName: "张伟"}, "网吧二楼"))
	desc := f.draft(u).Report.Description()
	head, _, _ := strings.Cut(tr(localeZh, "forward.hidden", "\x00"), "\x00")
	if n := strings.Count(desc, head); n != 1 || !strings.Contains(desc, head+"老王") {
		t.Fatalf("one hidden dealer's head expected:\n%s", desc)
	}
	if strings.Contains(strings.ToLower(desc), "zhang") || strings.Count(desc, "我自己写的") != 3 {
		t.Fatalf("the reporter's own name was kept:\n%s", desc)
	}
	if d := f.draft(zh).Report.Description(); strings.Contains(d, "张伟") || !strings.Contains(d, "网吧二楼") {
		t.Fatalf("a Chinese reporter's own name was kept, or their words lost:\n%s", d)
	}
}

func TestStickersPollsAndEdits(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	f.msg(u.SendSticker("😀"))
	f.expectLast(u, "Sticker received")
	f.msg(u.SendPoll("Who sells?", "A", "B"))
	f.expectLast(u, "Polls cannot")
	f.handle(&models.Update{ID: 1, Poll: &models.Poll{ID: "p"}}) // not from a chat: ignored
	m := u.SendText("A man sells pills at the karaoke bar on Friday nights.")
	f.msg(m)
	edited, err := u.Edit(m, "A man sells pills at the KTV on Fridays, around midnight.")
	if err != nil {
		t.Fatal(err)
	}
	f.handle(&models.Update{EditedMessage: edited})
	if d := f.draft(u); !strings.Contains(d.Report.Description(), "KTV") || strings.Contains(d.Report.Description(), "karaoke") {
		t.Fatalf("edit not followed: %q", d.Report.Description())
	}
	f.expectLast(u, "updated")
	f.msg(u.SendCommand("/cancel"))
	edited, _ = u.Edit(m, "changed after")
	f.handle(&models.Update{EditedMessage: edited})
	f.expectLast(u, "not seen by officers")
}

func TestBlockedReporterGetsNeutralAnswer(t *testing.T) {
	f := setup(t)
	u := f.user("en")
	// A supervisor's block, as queue.Block writes it: the conversation reads
	// the table itself, in the statement that opens each update.
	_, err := f.tx.Exec(`
		WITH o AS (
			INSERT INTO officers (username, display_name, role, password_hash)
			VALUES ('blocker', 'blocker', 'supervisor', 'x') RETURNING id
		)
		INSERT INTO reporter_blocks (reporter_ref, blocked_by) SELECT $1, id FROM o`, f.keys.Reporter(u.ID()).Bytes())
	if err != nil {
		t.Fatal(err)
	}
	f.msg(u.SendText("Something about drugs at the market every day."))
	f.press(u, "m:report")
	f.expectLast(u, "Your message has been received.")
	if f.draft(u) != nil || len(f.q.subs) != 0 {
		t.Fatal("a blocked reporter's message was kept")
	}
	// The block closes reporting, not the way to a counsellor.
	f.press(u, "m:self")
	f.press(u, "h:ask")
	f.msg(u.SendText("I want to stop using, where can I get help?"))
	if len(f.q.subs) != 1 || f.q.subs[0].Kind != queue.KindHelp {
		t.Fatalf("a blocked reporter's help question: %d submissions %+v", len(f.q.subs), f.q.subs)
	}
}

func TestMessagesPerMinute(t *testing.T) {
	f := setup(t)
	f.cfg.Limits.MessagesPerMinute = 3
	u := f.user("en")
	for range 6 {
		f.msg(u.SendText("hello hello hello hello"))
	}
	n := 0
	for _, r := range f.replies(u) {
		if strings.Contains(r.Text, "too fast") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("told %d times to slow down, want once", n)
	}
	if d := f.draft(u); len(d.Report.Parts) != 3 {
		t.Fatalf("%d messages kept past the limit of 3", len(d.Report.Parts))
	}
}

func TestLanguageSwitchAndMenus(t *testing.T) {
	f := setup(t)
	u := f.user("zh")
	f.msg(u.SendCommand("/start"))
	f.expectLast(u, "匿名举报")
	f.msg(u.SendCommand("/lang"))
	f.press(u, "l:en")
	f.expectLast(u, "Language set to English")
	f.press(u, "m:privacy")
	f.expectLast(u, "What we do not keep")
	f.press(u, "edu:1")
	r := f.expectLast(u, "(2/3)")
	if !hasButton(r, "edu:0") || !hasButton(r, "edu:2") {
		t.Fatalf("education paging: %v", buttons(r))
	}
	f.press(u, "m:self")
	f.press(u, "h:ask")
	f.msg(u.SendText("How can I stop using ice without my family knowing?"))
	if len(f.q.subs) != 1 || f.q.subs[0].Kind != "help" || f.q.subs[0].Category != "self_help" {
		t.Fatalf("help question: %+v", f.q.subs)
	}
	f.expectLast(u, "counsellor")
}

func TestRenderNotices(t *testing.T) {
	f := setup(t)
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	r, err := f.conv.Render("dialogue_question", raw(map[string]any{"tip_id": 5, "dialogue_id": 9, "body": "<i>where</i>?", "locale": "zh-CN"}))
	if err != nil || r.ParseMode != "" || !strings.Contains(r.Text, "<i>where</i>?") || !hasButton(r, f.conv.answerData(5, 9)) {
		t.Fatalf("question: %+v %v", r, err)
	}
	r, err = f.conv.Render("tip_closed", raw(map[string]any{"tip_id": 5, "locale": "en"}))
	if err != nil || r.Text != f.cfg.Notices.Closed.En {
		t.Fatalf("closed: %+v %v", r, err)
	}
	due := time.Date(2027, 1, 30, 20, 0, 0, 0, time.UTC)
	r, err = f.conv.Render("reward_notice", raw(map[string]any{"tip_id": 5, "amount_cents": 123456, "claim_due": due, "locale": "zh-CN"}))
	if err != nil || !strings.Contains(r.Text, "1234.56") || !strings.Contains(r.Text, "2027-01-31") || !strings.Contains(r.Text, f.cfg.Rewards.HowToClaim.Zh) {
		t.Fatalf("reward: %+v %v", r, err)
	}
	r, err = f.conv.Render("text", raw("Daily digest"))
	if err != nil || r.Text != "Daily digest" || r.Method != botapi.SendMessage {
		t.Fatalf("text: %+v %v", r, err)
	}
	r, err = f.conv.Render("reply", raw(botapi.ReplyPayload{Request: botapi.Request{Method: botapi.EditMessageReplyMarkup, ReplyToOutbox: 4}}))
	if err != nil || r.ReplyToOutbox != 4 {
		t.Fatalf("reply: %+v %v", r, err)
	}
	if _, err := f.conv.Render("nonsense", raw(1)); err == nil {
		t.Fatal("unknown kind rendered")
	}
}
