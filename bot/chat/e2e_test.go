package chat_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// TestThroughTheEmulator runs the conversation inside the real bot service
// (intake, workers, sender) against the Bot API emulator and the real queue:
// a citizen reports with a photo, gets a receipt and checks it.
func TestThroughTheEmulator(t *testing.T) {
	t.Parallel()
	const token = "123456:chat-e2e-token"
	tg := telegramtest.New(telegramtest.Options{Token: token})
	url := tg.Start()
	t.Cleanup(tg.Close)

	key := func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	cfg := config.Default()
	cfg.Keys = config.Keys{Reporter: key(), Seal: key(), Receipt: key()}
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.APIURL, cfg.Bot.Workers = "polling", token, url, 2
	cfg.Limits.SendPerChatSecond, cfg.Limits.SendPerSecond = 1000, 1000
	cfg.Location = time.UTC
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	db := pgtest.DB(t)
	store := queue.NewStore(db, &cfg, receiptKey)
	svc, err := bot.New(bot.Deps{Config: &cfg, DB: db, Queue: store, Keys: keys, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	done := make(chan struct{})
	go func() { defer close(done); _ = svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	u := tg.NewUser(telegramtest.UserOptions{ID: 7301234567, FirstName: "Wei", LastName: "Zhang", Username: "zhangwei_secret", LanguageCode: "zh-hans"})
	// wait returns the newest message that has button data (and text, when given).
	wait := func(data, text string) telegramtest.Message {
		t.Helper()
		var found telegramtest.Message
		err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
			for i := len(ms) - 1; i >= 0; i-- {
				if (data == "" || ms[i].HasButton(data)) && strings.Contains(ms[i].Text, text) {
					found = ms[i]
					return true
				}
			}
			return false
		})
		if err != nil {
			t.Fatalf("waiting for %q %q: %v", data, text, err)
		}
		return found
	}
	press := func(data, text string) {
		t.Helper()
		if _, err := u.Press(wait(data, text), data); err != nil {
			t.Fatal(err)
		}
	}

	u.SendCommand("/start")
	press("m:report", "匿名")
	press("c:drug_driving", "第 1 步")
	press("a:dongshan", "第 2 步")
	press("o:today", "第 3 步")
	u.SendText("一辆白色面包车,车牌湘C88888,司机经常吸毒后开车。")
	press("d:done", "共 ")
	u.SendPhoto(jpegWithComment(t, "owner ZhangWei"), "")
	press("e:done", "已收到 1 个文件")
	press("k:code", "最后一步")
	press("r:submit", "请核对")
	receiptMsg := wait("", "您的回执码是")
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(receiptMsg.Text)
	if code == "" {
		t.Fatalf("no receipt in %q", receiptMsg.Text)
	}

	view, err := store.LookupReceipt(ctx, db, queue.Receipt(code))
	if err != nil {
		t.Fatal(err)
	}
	tip, err := store.Get(ctx, view.TipID)
	if err != nil {
		t.Fatal(err)
	}
	if tip.Category != "drug_driving" || tip.AreaCode != "dongshan" || tip.ContactMode != queue.ContactCode || !strings.Contains(tip.Description, "湘C88888") {
		t.Fatalf("tip: %+v", tip)
	}
	atts, err := store.Attachments(ctx, tip.ID)
	if err != nil || len(atts) != 1 || atts[0].Kind != "image" {
		t.Fatalf("attachments %+v %v", atts, err)
	}

	// The receipt works from another account.
	other := tg.NewUser(telegramtest.UserOptions{LanguageCode: "en"})
	other.SendCommand("/status " + strings.ToLower(code))
	if err := other.WaitFor(ctx, func(ms []telegramtest.Message) bool {
		return len(ms) > 0 && strings.Contains(ms[len(ms)-1].Text, "Status: received")
	}); err != nil {
		t.Fatal(err)
	}

	for _, table := range []string{"bot_reporters", "bot_drafts", "bot_draft_files", "bot_limits", "outbox", "tips", "attachments", "bot_inbox"} {
		var rows []string
		if err := db.SelectContext(ctx, &rows, `SELECT row_to_json(t)::text FROM `+table+` t`); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, n := range []string{"7301234567", "zhangwei_secret", "Wei", "Zhang"} {
				if strings.Contains(row, n) {
					t.Errorf("%s holds %q", table, n)
				}
			}
		}
	}
}

func jpegWithComment(t *testing.T, secret string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	out := append([]byte{}, raw[:2]...)
	out = append(out, 0xFF, 0xFE, 0, byte(len(secret)+2))
	out = append(out, secret...)
	return append(out, raw[2:]...)
}
