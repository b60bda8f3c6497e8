//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/browsertest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/internal/smtptest"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

const (
	officerName     = "wangjing"
	officerPassword = "e2e officer password, long enough"
	// photoComment is the name a phone wrote into the photo; the cleaner
	// must drop it (TESTNAME also makes the audit look for it).
	photoComment = "Photographer Sunwukong_TESTNAME"
	officeEmail  = "duty@jdb.example.cn"
	digestHeader = "湘乡市禁毒举报日报"
)

// newTipsLine is the digest's count of new tips, when there is at least one.
var newTipsLine = regexp.MustCompile(`新线索 [1-9][0-9]* 件`)

// TestFullScenario is the whole product once: the real binary (bot, admin and
// jobs) on a real database, citizens in the Bot API emulator reporting in
// Chinese and English with a photo, an officer in a headless browser working
// both tips, both reporters answering (one in the chat that reported, one
// from another account with the receipt), the digest reaching the office
// chat and an SMTP server, and the anonymity audit of the dump and the logs.
func TestFullScenario(t *testing.T) {
	t.Parallel()
	began := time.Now()
	step := func(what string) { t.Logf("full scenario: %-42s %6.1f s", what, time.Since(began).Seconds()) }
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()

	sink := smtptest.Start(t)
	c := newCluster(t, pgtest.URL(t), nil)
	c.dumpLogsOnFailure()
	office := c.tg.NewGroup("湘乡市禁毒办值班群")
	// The binary takes no injected clock: a digest every minute is the
	// honest way to see one made while the test runs.
	c.extra = append(c.extra,
		"TIPLINE_SMTP_HOST=127.0.0.1",
		fmt.Sprintf("TIPLINE_SMTP_PORT=%d", sink.Port()),
		"TIPLINE_SMTP_TLS=none",
		"TIPLINE_SMTP_FROM=tipline@jdb.example.cn",
		"TIPLINE_DIGEST_EMAILS="+officeEmail,
		"TIPLINE_DIGEST_DAILY=* * * * *",
		fmt.Sprintf("TIPLINE_DIGEST_TELEGRAM_CHATS=%d", office.ChatID()),
		fmt.Sprintf("TIPLINE_JOBS_DUTY_CHAT=%d", office.ChatID()),
	)
	addr := freeAddr(t)
	server := c.start("serve", addr, nil)
	step("server healthy")
	officerLog := addOfficer(t, c, addr)
	step("officer added with the binary")

	// 1. Two citizens report, each with a photo carrying GPS and a name.
	var updates atomic.Int64
	zh := newCitizenIn(c.tg, 1, "zh-CN", &updates)
	en := newCitizenIn(c.tg, 2, "en", &updates)
	photo := dirtyPhoto(t)
	zhDesc := "东山街道菜市场后门有人卖零包,卖家电话 " + suspectPhone + ",每天晚上八点出现。" + marker(1, 0)
	enDesc := "Someone sells small bags behind the Dongshan market, phone " + suspectPhone + ", every evening at eight. " + marker(2, 0)
	if !bytes.Contains(photo, []byte("Exif\x00\x00")) || !bytes.Contains(photo, []byte(photoComment)) {
		t.Fatal("the test photo carries no EXIF or comment")
	}
	zhReceipt, err := zh.reportWith(ctx, "zh-CN", zhDesc, photo, true, "chat")
	if err != nil {
		t.Fatal(err)
	}
	enReceipt, err := en.reportWith(ctx, "en", enDesc, photo, false, "code")
	if err != nil {
		t.Fatal(err)
	}
	zhTip, enTip := tipOf(t, c, zhReceipt), tipOf(t, c, enReceipt)
	step("two tips reported (zh-CN chat, en code)")
	for _, id := range []int64{zhTip, enTip} {
		tip, err := c.store.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if tip.State != queue.StateNew {
			t.Errorf("tip %d is %s after submission", id, tip.State)
		}
	}
	checkStoredPhotos(t, c, 2)

	// 2. The officer logs in, sees both tips, claims the Chinese one and asks.
	b := newBrowser(t, "http://"+addr)
	b.login(officerName, officerPassword)
	for _, id := range []int64{zhTip, enTip} {
		if n := evalIn[int](b, fmt.Sprintf(`document.querySelectorAll('table.tips a[href="/tips/%d"]').length`, id)); n == 0 {
			t.Errorf("tip %d is not in the queue: %s", id, evalIn[string](b, `document.querySelector("main").innerText.slice(0, 500)`))
		}
	}
	step("officer logged in, both tips queued")
	b.open(fmt.Sprintf("/tips/%d", zhTip), "tip")
	b.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/claim"] button[type=submit]`)))
	if tip, err := c.store.Get(ctx, zhTip); err != nil || tip.State != queue.StateInReview || tip.AssigneeID == nil {
		t.Fatalf("after the claim tip %d is %+v (%v)", zhTip, tip.State, err)
	}
	b.checkAttachments(zhTip)

	const zhQuestion = "卖家大概多大年纪?穿什么衣服?"
	b.ask(zhQuestion)
	m, err := zh.await(ctx, zh.floorBefore(zhQuestion), "the question", func(m telegramtest.Message) bool {
		return strings.Contains(m.Text, zhQuestion) && buttonWith(m, "q:") != ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.ButtonTexts(); len(got) != 1 || got[0] != "💬 回答" {
		t.Errorf("the question's buttons are %q", got)
	}
	floor := zh.floor()
	if _, err := zh.u.Press(m, buttonWith(m, "q:")); err != nil {
		t.Fatal(err)
	}
	if _, err := zh.awaitText(ctx, floor, "请发送您的回答"); err != nil {
		t.Fatal(err)
	}
	const zhAnswer = "三十岁左右,穿黑色夹克。"
	zh.u.SendText(zhAnswer)
	if _, err := zh.awaitText(ctx, floor, "您的回复已送达"); err != nil {
		t.Fatal(err)
	}
	b.load("tip", chromedp.Reload())
	if got := b.timeline("from_reporter"); got != zhAnswer {
		t.Fatalf("the timeline shows the answers %q, want %q", got, zhAnswer)
	}
	step("zh question answered in the reporting chat")

	b.do("choosing the resolution", chromedp.SetValue(chromedp.ID("f-res"), string(queue.Actioned)))
	b.do("recording the outcome", chromedp.SetValue(chromedp.ID("f-case-kind"), string(queue.CaseNone)))
	floor = zh.floor()
	b.do("confirming the close", chromedp.Click(chromedp.CSS(`form[action$="/close"] input[name=confirm]`)))
	b.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/close"] button[type=submit]`)))
	if tip, err := c.store.Get(ctx, zhTip); err != nil || tip.State != queue.StateClosed {
		t.Fatalf("after closing tip %d is %s (%v)", zhTip, tip.State, err)
	}
	notice := config.Default().Notices.Closed.In("zh-CN")
	if notice == "" {
		t.Fatal("no closing notice in the default configuration")
	}
	if _, err := zh.awaitText(ctx, floor, notice); err != nil {
		t.Fatal(err)
	}
	step("zh tip closed, closing notice received")

	// 3. The English tip: the question waits for a receipt check, which the
	// reporter makes from another account.
	b.open(fmt.Sprintf("/tips/%d", enTip), "tip")
	b.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/claim"] button[type=submit]`)))
	const enQuestion = "Which gate of the market, and how tall is the seller?"
	b.ask(enQuestion)
	other := newCitizenIn(c.tg, 3, "en", &updates)
	floor = other.floor()
	other.u.SendCommand("/status " + strings.ToLower(enReceipt))
	if _, err := other.awaitText(ctx, floor, "more information needed from you"); err != nil {
		t.Fatal(err)
	}
	m, err = other.await(ctx, floor, "the question", func(m telegramtest.Message) bool {
		return strings.Contains(m.Text, enQuestion) && buttonWith(m, "q:") != ""
	})
	if err != nil {
		t.Fatal(err)
	}
	floor = other.floor()
	if _, err := other.u.Press(m, buttonWith(m, "q:")); err != nil {
		t.Fatal(err)
	}
	if _, err := other.awaitText(ctx, floor, "Please send your answer"); err != nil {
		t.Fatal(err)
	}
	const enAnswer = "The north gate; he is about 1.7 m."
	other.u.SendText(enAnswer)
	if _, err := other.awaitText(ctx, floor, "Your reply has been delivered"); err != nil {
		t.Fatal(err)
	}
	b.load("tip", chromedp.Reload())
	if got := b.timeline("from_reporter"); got != enAnswer {
		t.Fatalf("the timeline shows the answers %q, want %q", got, enAnswer)
	}
	step("en question answered from a second account")

	// 4. The digest of the minute in which the last tip arrived reaches the
	// office chat and the mailbox.
	var last time.Time
	if err := c.db.GetContext(ctx, &last, `SELECT max(created_at) FROM tips`); err != nil {
		t.Fatal(err)
	}
	var d struct {
		ID    int64     `db:"id"`
		Start time.Time `db:"period_start"`
		End   time.Time `db:"period_end"`
	}
	for {
		err := c.db.GetContext(ctx, &d, `
			SELECT g.id, g.period_start, g.period_end FROM digests g
			 WHERE g.job = 'digest_daily' AND g.period_start <= $1 AND g.period_end > $1
			   AND (SELECT count(*) FROM digest_deliveries x WHERE x.digest_id = g.id AND x.state = 'sent') = 2`, last)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no daily digest covering %s was delivered: %v", last, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	step("digest made and delivered")
	loc, err := time.LoadLocation(config.Default().Timezone)
	if err != nil {
		t.Fatal(err)
	}
	periodLine := d.Start.In(loc).Format("2006-01-02 15:04") + " – " + d.End.In(loc).Format("2006-01-02 15:04")
	var digestMsg telegramtest.Message
	err = office.WaitFor(ctx, func(ms []telegramtest.Message) bool {
		for _, m := range ms {
			if strings.Contains(m.Text, periodLine) && !m.Deleted {
				digestMsg = m
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("the office chat got no digest for %s: %v", periodLine, err)
	}
	var mail smtptest.Mail
	for {
		found := false
		for _, m := range sink.Received() {
			if strings.Contains(m.Parts["text/plain"], periodLine) {
				mail, found = m, true
			}
		}
		if found {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the SMTP server got no digest for %s (%d mails)", periodLine, len(sink.Received()))
		}
		time.Sleep(200 * time.Millisecond)
	}
	step("digest in the office chat and the mailbox")

	t.Logf("the office chat's digest:\n%s", digestMsg.Text)
	if !strings.HasPrefix(digestMsg.Text, digestHeader) {
		t.Errorf("the office chat's digest begins %q, want %q", firstLine(digestMsg.Text), digestHeader)
	}
	if !newTipsLine.MatchString(digestMsg.Text) {
		t.Errorf("the digest of the last tip's minute counts no new tip")
	}
	if !strings.Contains(mail.To, officeEmail) || !strings.HasPrefix(mail.Subject, digestHeader) {
		t.Errorf("mail to %q with subject %q", mail.To, mail.Subject)
	}
	if html := mail.Parts["text/html"]; !strings.Contains(html, "<h1") || !strings.Contains(html, digestHeader) {
		t.Errorf("the mail's HTML part: %.300q", html)
	}
	if !strings.HasPrefix(mail.Parts["text/plain"], digestHeader) {
		t.Errorf("the mail's plain part begins %q", firstLine(mail.Parts["text/plain"]))
	}
	csv := mail.Parts["text/csv"]
	if !strings.HasPrefix(mail.FileName, "tipline-digest_daily-") || !strings.HasSuffix(mail.FileName, ".csv") ||
		!strings.HasPrefix(csv, "\uFEFF") || !strings.Contains(csv, fmt.Sprintf("\n%d,", lastTip(t, c, last))) {
		t.Errorf("the mail's CSV attachment %q: %.400q", mail.FileName, csv)
	}
	forbidden := []string{zhReceipt, enReceipt, zhQuestion, zhAnswer, enQuestion, enAnswer, suspectPhone,
		"菜市场后门", "small bags", "E2EMARK", "TESTNAME", "_testuser_", photoComment}
	for _, z := range []*citizen{zh, en, other} {
		forbidden = append(forbidden, z.identities()...)
	}
	for name, text := range map[string]string{"office chat digest": digestMsg.Text, "mail text": mail.Parts["text/plain"],
		"mail HTML": mail.Parts["text/html"], "mail CSV": csv, "mail subject": mail.Subject} {
		for _, f := range forbidden {
			if strings.Contains(text, f) {
				t.Errorf("%s holds %q", name, f)
			}
		}
	}
	// The code-mode reporter's own chat was never sent the question.
	for _, m := range en.u.Messages() {
		if strings.Contains(m.Text, enQuestion) {
			t.Errorf("the code-mode reporter's chat was sent the question: %q", m.Text)
		}
	}
	browsertest.Clean(t, b.ctx, "the whole session")
	if server.exited() {
		t.Fatalf("the server exited: %v", server.err)
	}

	// 5. The anonymity audit of the dump and every log line.
	c.stopAll()
	auditAnonymity(t, c.dbURL, append(c.written(), officerLog), []*citizen{zh, en, other})
	step("anonymity audit finished")
}

// newCitizenIn is a citizen whose Telegram client speaks lang.
func newCitizenIn(tg *telegramtest.Server, n int, lang string, updates *atomic.Int64) *citizen {
	u := tg.NewUser(telegramtest.UserOptions{
		ID:           citizenIDBase + int64(n),
		FirstName:    fmt.Sprintf(citizenFirstFmt, n),
		LastName:     citizenLast,
		Username:     fmt.Sprintf(citizenUserFmt, n),
		LanguageCode: lang,
		Phone:        fmt.Sprintf(citizenPhoneFmt, n),
	})
	return &citizen{n: n, u: u, updates: updates, receipts: map[string]string{}}
}

// reportWith goes through the wizard with one photo as evidence (a file, as
// a phone's "send as file" keeps its metadata, or a compressed photo) and the
// given consent ("chat" or "code"), and returns the receipt; the bot must
// answer in lang.
func (z *citizen) reportWith(ctx context.Context, lang, description string, photo []byte, asFile bool, consent string) (string, error) {
	floor, err := z.toEvidence(ctx, description)
	if err != nil {
		return "", err
	}
	before := z.floor()
	if asFile {
		z.u.SendDocument("IMG_20260312_201544.jpg", "image/jpeg", photo, "")
	} else {
		z.u.SendPhoto(photo, "")
	}
	saved, receipt := "已收到 1 个文件", "回执码"
	if lang == "en" {
		saved, receipt = "1 file(s) received", "Your receipt code is"
	}
	if _, err := z.awaitText(ctx, before, saved); err != nil {
		return "", err
	}
	for _, data := range []string{"e:done", "k:" + consent, "r:submit"} {
		if err := z.press(ctx, floor, data); err != nil {
			return "", err
		}
	}
	m, err := z.await(ctx, floor, "receipt", func(m telegramtest.Message) bool {
		return receiptPattern.MatchString(m.Text) && strings.Contains(m.Text, receipt)
	})
	if err != nil {
		return "", err
	}
	// Remembered for the anonymity audit, which looks for every receipt given.
	code := receiptPattern.FindString(m.Text)
	z.mu.Lock()
	z.receipts[code] = description
	z.mu.Unlock()
	return code, nil
}

// toEvidence starts a report and walks it to the evidence step with
// description; floor is where the chat stood before the report began.
func (z *citizen) toEvidence(ctx context.Context, description string) (floor int, err error) {
	floor = z.floor()
	z.u.SendCommand("/start")
	for _, data := range []string{"m:report", "c:selling", "a:dongshan", "o:today"} {
		if err := z.press(ctx, floor, data); err != nil {
			return 0, err
		}
	}
	if _, err := z.await(ctx, floor, "description prompt", func(m telegramtest.Message) bool { return m.HasButton("d:done") }); err != nil {
		return 0, err
	}
	z.u.SendText(description)
	if err := z.press(ctx, floor, "d:done"); err != nil {
		return 0, err
	}
	if _, err := z.await(ctx, floor, "evidence prompt", func(m telegramtest.Message) bool { return m.HasButton("e:done") }); err != nil {
		return 0, err
	}
	return floor, nil
}

// awaitText waits for a message after floor that holds text.
func (z *citizen) awaitText(ctx context.Context, floor int, text string) (telegramtest.Message, error) {
	return z.await(ctx, floor, strconv.Quote(text), func(m telegramtest.Message) bool { return strings.Contains(m.Text, text) })
}

// floorBefore is the floor from which to look for a message the officer has
// just caused: the newest message not holding text.
func (z *citizen) floorBefore(text string) int {
	ms := z.u.Messages()
	for i := len(ms) - 1; i >= 0; i-- {
		if !strings.Contains(ms[i].Text, text) {
			return ms[i].ID
		}
	}
	return 0
}

// buttonWith is the data of the message's first button that starts with prefix.
func buttonWith(m telegramtest.Message, prefix string) string {
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, prefix) {
				return b.CallbackData
			}
		}
	}
	return ""
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func tipOf(t *testing.T, c *cluster, receipt string) int64 {
	t.Helper()
	view, err := c.store.LookupReceipt(t.Context(), c.db, queue.Receipt(receipt))
	if err != nil {
		t.Fatalf("receipt %s: %v", receipt, err)
	}
	return view.TipID
}

// lastTip is the tip created at at.
func lastTip(t *testing.T, c *cluster, at time.Time) int64 {
	t.Helper()
	var id int64
	if err := c.db.Get(&id, `SELECT id FROM tips WHERE created_at = $1 ORDER BY id DESC LIMIT 1`, at); err != nil {
		t.Fatal(err)
	}
	return id
}

// addOfficer runs `tipline officer add` on the real binary, the password on
// standard input, and returns the file holding what it printed.
func addOfficer(t *testing.T, c *cluster, addr string) string {
	t.Helper()
	cmd := exec.Command(c.bin, "officer", "add", officerName, "--role", "officer")
	cmd.Env = c.env(addr)
	cmd.Dir = c.workDir
	cmd.Stdin = strings.NewReader(officerPassword + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tipline officer add: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "added "+officerName+" (officer)") {
		t.Errorf("tipline officer add printed %q", out)
	}
	if strings.Contains(string(out), officerPassword) {
		t.Error("tipline officer add printed the password")
	}
	path := filepath.Join(c.logDir, "officer-add.log")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dirtyPhoto is a real JPEG as a phone writes it: an EXIF block whose GPS
// directory holds the shot's position, and a comment naming the photographer.
func dirtyPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	clean := buf.Bytes()
	out := []byte{0xFF, 0xD8}
	out = append(out, jpegSegment(0xE1, append([]byte("Exif\x00\x00"), exifWithGPS()...))...)
	out = append(out, jpegSegment(0xFE, []byte(photoComment))...)
	return append(out, clean[2:]...)
}

func jpegSegment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(s, payload...)
}

// exifWithGPS is a big-endian TIFF block: IFD0 with a GPS pointer, and a GPS
// IFD holding a latitude of 27°44'12.34" N (Xiangxiang).
func exifWithGPS() []byte {
	be := binary.BigEndian
	var b []byte
	b = append(b, "MM\x00*"...)
	b = be.AppendUint32(b, 8)
	entry := func(tag, typ uint16, count, value uint32) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, typ)
		b = be.AppendUint32(b, count)
		b = be.AppendUint32(b, value)
	}
	gpsOff := 8 + 2 + 12 + 4
	b = be.AppendUint16(b, 1)
	entry(0x8825, 4, 1, uint32(gpsOff))
	b = be.AppendUint32(b, 0)
	latOff := gpsOff + 2 + 2*12 + 4
	b = be.AppendUint16(b, 2)
	entry(0x0001, 2, 2, uint32('N')<<24)
	entry(0x0002, 5, 3, uint32(latOff))
	b = be.AppendUint32(b, 0)
	for _, v := range []uint32{27, 1, 44, 1, 1234, 100} {
		b = be.AppendUint32(b, v)
	}
	return b
}

// checkStoredPhotos reads the attachments as stored: want photos, each still
// a JPEG, none with EXIF or the photographer's name.
func checkStoredPhotos(t *testing.T, c *cluster, want int) {
	t.Helper()
	var rows []struct {
		ID   int64  `db:"id"`
		MIME string `db:"mime"`
		Data []byte `db:"data"`
	}
	if err := c.db.Select(&rows, `SELECT id, mime, data FROM attachments ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != want {
		t.Fatalf("%d attachments stored, want %d", len(rows), want)
	}
	for _, r := range rows {
		if bytes.Contains(r.Data, []byte(photoComment)) || bytes.Contains(r.Data, []byte("Exif\x00\x00")) {
			t.Errorf("attachment %d (%s) still holds its EXIF or comment", r.ID, r.MIME)
		}
		if _, format, err := image.DecodeConfig(bytes.NewReader(r.Data)); err != nil || format != "jpeg" {
			t.Errorf("attachment %d (%s) is no longer a JPEG: %s %v", r.ID, r.MIME, format, err)
		}
	}
}

// browser is the officer's headless Chromium on the admin.
type browser struct {
	t   *testing.T
	ctx context.Context
	url string
}

func newBrowser(t *testing.T, url string) *browser {
	t.Helper()
	ctx := browsertest.Timeout(t, browsertest.New(t), 3*time.Minute)
	return &browser{t: t, ctx: ctx, url: url}
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func evalIn[T any](b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	return browsertest.Eval[T](b.t, b.ctx, expr, opts...)
}

// load runs trigger and waits for the page it leads to, which must be want
// (the body's data-page), with no console error or CSP violation.
func (b *browser) load(want string, trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browsertest.Load(b.t, b.ctx, want, trigger)
}

func (b *browser) open(path, want string) { b.t.Helper(); b.load(want, chromedp.Navigate(b.url+path)) }

func (b *browser) login(user, password string) {
	b.t.Helper()
	b.open("/login", "login")
	b.do("typing the login", chromedp.SendKeys(chromedp.ID("username"), user), chromedp.SendKeys(chromedp.ID("password"), password))
	b.load("queue", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
}

// ask sends the reporter a question from the open tip page.
func (b *browser) ask(question string) {
	b.t.Helper()
	b.do("typing the question", chromedp.SendKeys(chromedp.ID("f-ask"), question))
	b.load("tip", chromedp.Click(chromedp.CSS(`form[action$="/ask"] button[type=submit]`)))
	if got := evalIn[string](b, `(document.querySelector(".flash") || {textContent: ""}).textContent`); !strings.Contains(got, "问题已发出") {
		b.t.Errorf("flash after asking: %q", got)
	}
	if got := b.timeline("to_reporter"); !strings.Contains(got, question) {
		b.t.Fatalf("the timeline's questions are %q", got)
	}
}

// timeline joins the bodies of the open tip's timeline entries of a direction.
func (b *browser) timeline(direction string) string {
	b.t.Helper()
	return evalIn[string](b, fmt.Sprintf(`[...document.querySelectorAll(".thread li.%s .body")].map(e => e.textContent).join("|")`, direction))
}

// checkAttachments downloads, in the officer's session, every attachment the
// open tip page links to: each is a cleaned JPEG.
func (b *browser) checkAttachments(tipID int64) {
	b.t.Helper()
	js := fmt.Sprintf(`(async () => {
  const hrefs = [...new Set([...document.querySelectorAll('a[href*="/attachments/"]')].map(a => a.getAttribute("href")))];
  const out = [];
  for (const h of hrefs) {
    const r = await fetch(h);
    const bytes = new Uint8Array(await r.arrayBuffer());
    let s = "";
    for (const x of bytes) s += String.fromCharCode(x);
    out.push({href: h, status: r.status, type: r.headers.get("content-type") || "", size: bytes.length,
      jpeg: bytes[0] === 0xFF && bytes[1] === 0xD8, exif: s.includes("Exif\u0000\u0000"), comment: s.includes(%q)});
  }
  return JSON.stringify(out);
})()`, photoComment)
	raw := evalIn[string](b, js, chromedp.EvalAwaitPromise)
	var got []struct {
		Href, Type          string
		Status, Size        int
		JPEG, Exif, Comment bool
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		b.t.Fatalf("attachments: %v: %s", err, raw)
	}
	if len(got) != 1 {
		b.t.Fatalf("tip %d links %d attachments, want 1: %s", tipID, len(got), raw)
	}
	for _, a := range got {
		if a.Status != 200 || a.Type != "image/jpeg" || !a.JPEG || a.Size == 0 || a.Exif || a.Comment {
			b.t.Errorf("attachment as the officer downloads it: %+v", a)
		}
	}
}
