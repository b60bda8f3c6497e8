package webreport

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// An officer's question waits on the status page; the reporter answers it
// there with a photo, adds information, and finally reads the closing notice.
func TestQuestionAnsweredWithPhoto(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	code := p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	tip := b.tipOf(code)
	duty := b.officer()
	ctx := t.Context()
	if _, err := b.queue.Claim(ctx, duty, tip, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.queue.AskReporter(ctx, duty, tip, "<b>车牌号</b>是多少？", 0); err != nil {
		t.Fatal(err)
	}

	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, "&lt;b&gt;车牌号&lt;/b&gt;是多少？") || !strings.Contains(p.body, "需要您补充信息") {
		t.Fatalf("the question is not on the status page:\n%s", p.body)
	}
	grant := regexpValue(t, p.body, "grant")
	question := regexpValue(t, p.body, "question")

	// Without text, the photo waits and the page says why.
	p.upload("/r/status/answer", url.Values{"grant": {grant}, "question": {question}, "text": {""}}, map[string][]byte{"p.jpg": photoJPEG(t, 4, true)})
	p.must("status_view", 200)
	if n := b.count(`SELECT count(*) FROM dialogue WHERE direction = 'from_reporter'`); n != 0 {
		t.Fatal("an empty answer was stored")
	}

	p.upload("/r/status/answer", url.Values{"grant": {grant}, "question": {question}, "text": {"湘U·12345，白色面包车"}}, map[string][]byte{"p.jpg": photoJPEG(t, 4, true)})
	p.must("status_view", 200)
	if !strings.Contains(p.body, "已转交办案人员") {
		t.Fatalf("the answer is not acknowledged:\n%s", p.body)
	}
	if n := b.count(`SELECT count(*) FROM dialogue WHERE direction = 'from_reporter' AND reply_to IS NOT NULL AND body LIKE '%12345%'`); n != 1 {
		t.Fatalf("%d answers stored", n)
	}
	if n := b.count(`SELECT count(*) FROM attachments WHERE dialogue_id IS NOT NULL`); n != 1 {
		t.Fatalf("%d photos with the answer", n)
	}
	if strings.Contains(p.body, "车牌号") {
		t.Fatal("the answered question is still asked")
	}

	p.upload("/r/status/add", url.Values{"grant": {regexpValue(t, p.body, "grant")}, "text": {"他们昨天换了一辆黑色轿车。"}}, nil)
	p.must("status_view", 200)
	if n := b.count(`SELECT count(*) FROM dialogue WHERE direction = 'from_reporter' AND reply_to IS NULL`); n != 1 {
		t.Fatalf("%d additions stored", n)
	}

	if _, err := b.queue.Close(ctx, duty, tip, queue.Actioned, 0, 0); err != nil {
		t.Fatal(err)
	}
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, b.cfg.Notices.Closed.Zh) || strings.Contains(p.body, `action="/r/status/add"`) {
		t.Fatalf("the closed tip's page:\n%s", p.body)
	}
	// A grant of the open tip's page no longer adds anything.
	p.upload("/r/status/add", url.Values{"grant": {grant}, "text": {"还有一件事。"}}, nil)
	p.must("status_view", 200)
	if n := b.count(`SELECT count(*) FROM dialogue WHERE direction = 'from_reporter' AND reply_to IS NULL`); n != 1 {
		t.Fatal("information was added to a closed tip")
	}
}

func regexpValue(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `name="`+name+`" value="`)
	if i < 0 {
		t.Fatalf("no field %s:\n%s", name, body)
	}
	rest := body[i+len(`name="`+name+`" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// A receipt the bot gave works in the web's status check.
func TestBotReceiptOnTheWeb(t *testing.T) {
	b := setup(t)
	rep := &intake.Report{Category: "use", AreaCode: "dongshan", Occurred: "earlier", Contact: intake.ContactCode}
	rep.SetText("有人在东山街道的出租屋里吸毒，已经好几个月了。", b.core.DescriptionMax())
	var key intake.Key
	key[0] = 7
	tx := b.db.MustBegin()
	_, receipt, err := b.core.Submit(t.Context(), tx, key, rep, intake.SubmitOptions{Channel: intake.Telegram, Locale: "zh-CN", ReporterRef: anon.Ref{1, 2, 3}, LimitKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	p := b.phone("", "")
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {string(receipt)}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, "已收到") {
		t.Fatalf("the bot's tip's status:\n%s", p.body)
	}
}

// A help question's receipt checked on the web shows the counsellor's reply
// as a counsellor's, not as an officer's question.
func TestHelpReceiptOnTheWebSpeaksAsHelp(t *testing.T) {
	b := setup(t)
	var key intake.Key
	key[0] = 9
	tx := b.db.MustBegin()
	id, receipt, err := b.core.SubmitHelp(t.Context(), tx, "我想戒毒，但不知道去哪里求助。", intake.HelpOptions{Channel: intake.Telegram, Locale: "zh-CN", ReporterRef: anon.Ref{4, 5, 6}, LimitKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	counsellor, err := officer.NewStore(b.db).Create(t.Context(), "helper", "counsellor", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	by := queue.Actor{ID: counsellor.ID, Username: counsellor.Username, Role: "counsellor"}
	if _, err := b.queue.Claim(t.Context(), by, id, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.queue.AskReporter(t.Context(), by, id, "可以先联系社区戒毒康复工作站，需要电话吗？", 0); err != nil {
		t.Fatal(err)
	}
	p := b.phone("", "")
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {string(receipt)}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, "戒毒辅导员的回复") || strings.Contains(p.body, "办案人员的提问") {
		t.Fatalf("the help question's page speaks as the police:\n%s", p.body)
	}
}
