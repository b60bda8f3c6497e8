package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/go-telegram/bot/models"
)

// TestUserUpdatesDecode checks every simulated action yields an update that
// go-telegram/bot's models decode with the fields Telegram fills.
func TestUserUpdatesDecode(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 5001, FirstName: "Chen", LastName: "Wei", Username: "chenwei", LanguageCode: "zh-hans", Phone: "+8613800000000"})
	dealer := s.NewUser(UserOptions{ID: 5002, FirstName: "Dealer"})

	u.SendCommand("/status K7QM-3XPD-9WTA-2HCE")
	text := u.SendText("他在网吧卖东西")
	u.SendPhoto(testJPEG(t, 100, 80), "照片")
	u.SendDocument("list.txt", "text/plain", []byte("names"), "")
	u.SendVideo([]byte("mp4"), "视频")
	u.SendVoice([]byte("ogg"))
	album := u.SendAlbum(AlbumItem{Data: testJPEG(t, 10, 10), Caption: "一"}, AlbumItem{Data: testJPEG(t, 10, 10)}, AlbumItem{Kind: "video", Data: []byte("v")})
	u.SendLocation(27.73, 112.53)
	u.SendContact("+8613800000000", "Chen")
	u.Forward(ForwardOrigin{ChannelTitle: "快递代发", ChannelUsername: "@fastdrop"}, "出货")
	u.Forward(ForwardOrigin{User: dealer}, "今晚到")
	u.Forward(ForwardOrigin{HiddenUserName: "老王"}, "有货")
	if _, err := u.Edit(text, "他在网吧卖冰毒"); err != nil {
		t.Fatal(err)
	}
	u.SendSticker("👍")
	u.SendPoll("哪里?", "A", "B")
	u.BlockBot()
	id := u.Push(map[string]any{"future_update_kind": map[string]any{"x": 1}})

	ups := getUpdates(t, base, nil)
	if len(ups) != 19 {
		t.Fatalf("%d updates, want 19", len(ups))
	}
	for i := 1; i < len(ups); i++ {
		if ups[i].ID != ups[i-1].ID+1 {
			t.Fatalf("update ids not consecutive: %d then %d", ups[i-1].ID, ups[i].ID)
		}
	}
	cmd := ups[0].Message
	if cmd.From.ID != 5001 || cmd.From.Username != "chenwei" || cmd.From.LanguageCode != "zh-hans" || cmd.Chat.ID != 5001 ||
		cmd.Chat.Type != models.ChatTypePrivate || cmd.Date == 0 || len(cmd.Entities) != 1 ||
		cmd.Entities[0].Type != models.MessageEntityTypeBotCommand || cmd.Entities[0].Length != len("/status") {
		t.Fatalf("command %+v", cmd)
	}
	if ups[1].Message.ID != cmd.ID+1 {
		t.Fatalf("message ids %d then %d", cmd.ID, ups[1].Message.ID)
	}
	if p := ups[2].Message.Photo; len(p) < 2 || p[len(p)-1].Width != 100 || p[0].FileID == p[1].FileID || ups[2].Message.Caption != "照片" {
		t.Fatalf("photo %+v", ups[2].Message)
	}
	if d := ups[3].Message.Document; d == nil || d.FileName != "list.txt" || d.MimeType != "text/plain" || d.FileSize != 5 {
		t.Fatalf("document %+v", d)
	}
	if v := ups[4].Message.Video; v == nil || v.MimeType != "video/mp4" || v.FileID == "" {
		t.Fatalf("video %+v", v)
	}
	if v := ups[5].Message.Voice; v == nil || v.MimeType != "audio/ogg" {
		t.Fatalf("voice %+v", v)
	}
	for i := 6; i < 9; i++ {
		if ups[i].Message.MediaGroupID == "" || ups[i].Message.MediaGroupID != album[0].MediaGroupID {
			t.Fatalf("album item %d media_group_id %q", i, ups[i].Message.MediaGroupID)
		}
	}
	if ups[8].Message.Video == nil || ups[6].Message.Caption != "一" {
		t.Fatal("album items out of shape")
	}
	if l := ups[9].Message.Location; l == nil || l.Latitude != 27.73 || l.Longitude != 112.53 {
		t.Fatalf("location %+v", l)
	}
	if c := ups[10].Message.Contact; c == nil || c.UserID != 5001 || c.PhoneNumber != "+8613800000000" {
		t.Fatalf("contact %+v", c)
	}
	if o := ups[11].Message.ForwardOrigin; o == nil || o.MessageOriginChannel == nil || o.MessageOriginChannel.Chat.Username != "fastdrop" || o.MessageOriginChannel.Chat.Title != "快递代发" {
		t.Fatalf("channel forward %+v", o)
	}
	if o := ups[12].Message.ForwardOrigin; o == nil || o.MessageOriginUser == nil || o.MessageOriginUser.SenderUser.ID != 5002 {
		t.Fatalf("user forward %+v", o)
	}
	if o := ups[13].Message.ForwardOrigin; o == nil || o.MessageOriginHiddenUser == nil || o.MessageOriginHiddenUser.SenderUserName != "老王" {
		t.Fatalf("hidden user forward %+v", o)
	}
	if e := ups[14].EditedMessage; e == nil || e.ID != text.ID || e.Text != "他在网吧卖冰毒" || e.EditDate == 0 {
		t.Fatalf("edited %+v", e)
	}
	if st := ups[15].Message.Sticker; st == nil || st.Emoji != "👍" {
		t.Fatalf("sticker %+v", st)
	}
	if p := ups[16].Message.Poll; p == nil || p.Question != "哪里?" || len(p.Options) != 2 {
		t.Fatalf("poll %+v", p)
	}
	if m := ups[17].MyChatMember; m == nil || m.NewChatMember.Type != models.ChatMemberTypeBanned || m.From.ID != 5001 {
		t.Fatalf("my_chat_member %+v", m)
	}
	if ups[18].ID != id {
		t.Fatalf("pushed update id %d, want %d", ups[18].ID, id)
	}
	var raw []map[string]any
	r := call(t, base, "getUpdates", map[string]any{"offset": id})
	if err := json.Unmarshal(r.Result, &raw); err != nil || len(raw) != 1 || raw[0]["future_update_kind"] == nil {
		t.Fatalf("raw pushed update %v %v", raw, err)
	}
}

func TestGroupAndReplies(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	g := s.NewGroup("禁毒办")
	officer := s.NewUser(UserOptions{ID: 5101, FirstName: "Officer"})
	cmd := g.SendCommand(officer, "/digest@tipline_test_bot")
	if cmd.Chat.ID != g.ChatID() || cmd.Chat.Type != models.ChatTypeGroup || cmd.Chat.Title != "禁毒办" || cmd.From.ID != 5101 {
		t.Fatalf("group command %+v", cmd)
	}
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": g.ChatID(), "text": "新线索",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "认领", "callback_data": "claim:1"}}}}}))
	m, ok := g.LastMessage()
	if !ok {
		t.Fatal("no group message")
	}
	if _, err := g.Press(officer, m, "claim:1"); err != nil {
		t.Fatal(err)
	}
	reply, err := officer.Reply(999, "x")
	if !errors.Is(err, ErrUnknownMessage) || reply != nil {
		t.Fatalf("reply to a missing message: %v", err)
	}
	u := s.NewUser(UserOptions{})
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": u.ID(), "text": "请补充地址", "reply_markup": map[string]any{"force_reply": true}}))
	bm, _ := u.LastMessage()
	r, err := u.Reply(bm.ID, "城南路")
	if err != nil || r.ReplyToMessage == nil || r.ReplyToMessage.Text != "请补充地址" || !bm.ForceReply {
		t.Fatalf("reply %+v %v", r, err)
	}
	ups := getUpdates(t, base, nil)
	if len(ups) != 3 || ups[1].CallbackQuery == nil || ups[1].CallbackQuery.Message.Message.Chat.ID != g.ChatID() {
		t.Fatalf("updates %+v", ups)
	}
}

func TestWaitForWakesAndStops(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 5201})
	done := make(chan error, 1)
	go func() {
		done <- u.WaitFor(context.Background(), func(ms []Message) bool { return len(ms) == 2 })
	}()
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 5201, "text": "one"}))
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 5201, "text": "two"}))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := u.WaitFor(ctx, func([]Message) bool { return false }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	s.Close()
	if err := u.WaitFor(context.Background(), func([]Message) bool { return false }); !errors.Is(err, ErrClosed) {
		t.Fatalf("wait after Close: %v", err)
	}
}

func TestBoundedMemory(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{MaxPendingUpdates: 5, MaxMessagesPerChat: 4, MaxFileBytes: 100})
	u := s.NewUser(UserOptions{ID: 5301})
	for range 10 {
		u.SendText("x")
		u.SendDocument("a.bin", "application/octet-stream", make([]byte, 40), "")
	}
	if s.PendingUpdates() != 5 {
		t.Fatalf("PendingUpdates = %d, want 5", s.PendingUpdates())
	}
	for range 6 {
		wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 5301, "text": "y"}))
	}
	if n := len(u.Messages()); n != 4 {
		t.Fatalf("%d messages remembered, want 4", n)
	}
	s.mu.Lock()
	files, bytes := len(s.files), s.fileBytes
	s.mu.Unlock()
	if files != 2 || bytes != 80 {
		t.Fatalf("%d files, %d bytes kept", files, bytes)
	}
}
