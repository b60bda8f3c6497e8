package chat_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// TestThroughTheEmulator runs the conversation inside the real bot service
// (intake, workers, sender) against the Bot API emulator and the real queue:
// a citizen reports with a photo, gets a receipt and checks it.
func TestThroughTheEmulator(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	ctx, store, db := s.ctx, s.store, s.db
	c := s.citizenWith(t, telegramtest.UserOptions{ID: 7301234567, FirstName: "Wei", LastName: "Zhang", Username: "zhangwei_secret", LanguageCode: "zh-hans"})
	u, wait, press := c.u, c.wait, c.press

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
	wait("", "您的回执码是")
	tipID, code := c.receipt(0)

	tip, err := store.Get(ctx, tipID)
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
	other := s.citizen(t, "en")
	other.check(code)
	wctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := other.u.WaitFor(wctx, func(ms []telegramtest.Message) bool {
		return len(ms) > 0 && strings.Contains(ms[len(ms)-1].Text, "Status: received")
	}); err != nil {
		t.Fatal(err)
	}

	for _, table := range []string{"bot_reporters", "intake_drafts", "intake_draft_files", "intake_limits", "outbox", "tips", "attachments", "bot_inbox"} {
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
