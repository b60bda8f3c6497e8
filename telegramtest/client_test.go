package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// newClient points a real go-telegram/bot client at the emulator (bot.New calls getMe).
func newClient(t *testing.T, base string) *bot.Bot {
	t.Helper()
	b, err := bot.New(testToken, bot.WithServerURL(base))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

func TestClientConversation(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{BotUsername: "tipline_bot"})
	ctx := testContext(t)
	b := newClient(t, base)
	me, err := b.GetMe(ctx)
	if err != nil || me.Username != "tipline_bot" {
		t.Fatalf("GetMe = %+v, %v", me, err)
	}
	u := s.NewUser(UserOptions{ID: 4001, FirstName: "Zhang", LanguageCode: "zh-hans"})
	start := u.SendCommand("/start")

	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID:          u.ID(),
		Text:            "请选择类别 <b>Category</b>",
		ParseMode:       models.ParseModeHTML,
		ReplyParameters: &models.ReplyParameters{MessageID: start.ID},
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "贩卖", CallbackData: "cat:sell"}, {Text: "吸食", CallbackData: "cat:use"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Text != "请选择类别 Category" || sent.ReplyToMessage == nil || sent.ReplyToMessage.ID != start.ID || sent.ReplyMarkup == nil {
		t.Fatalf("sent %+v", sent)
	}
	var m Message
	if err := u.WaitFor(ctx, func(ms []Message) bool {
		if len(ms) == 1 {
			m = ms[0]
		}
		return len(ms) == 1
	}); err != nil {
		t.Fatal(err)
	}
	if m.ID != sent.ID || !m.HasButton("cat:use") {
		t.Fatalf("recorded %+v", m)
	}

	cbID, err := u.Press(m, "cat:use")
	if err != nil {
		t.Fatal(err)
	}
	ups := getUpdates(t, base, nil)
	last := ups[len(ups)-1]
	if last.CallbackQuery == nil || last.CallbackQuery.ID != cbID || last.CallbackQuery.Data != "cat:use" ||
		last.CallbackQuery.Message.Message == nil || last.CallbackQuery.Message.Message.ID != sent.ID || last.CallbackQuery.From.ID != u.ID() {
		t.Fatalf("callback update %+v", last.CallbackQuery)
	}
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cbID, Text: "已选择"}); !ok || err != nil {
		t.Fatalf("AnswerCallbackQuery = %v, %v", ok, err)
	}

	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "请选择类别 <b>Category</b>", ParseMode: models.ParseModeHTML,
		ReplyMarkup: sent.ReplyMarkup})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("identical edit: %v", err)
	}
	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "类别：吸食"})
	if err != nil || edited.Text != "类别：吸食" || edited.EditDate == 0 {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	if _, err := u.Press(m, "cat:use"); !errors.Is(err, ErrNoButton) {
		t.Fatalf("pressing a removed button: %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID(), MessageID: sent.ID,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "撤销", CallbackData: "undo"}}}}}); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: u.ID(), Action: models.ChatActionTyping}); !ok || err != nil {
		t.Fatalf("SendChatAction = %v, %v", ok, err)
	}
	if ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "start", Description: "开始"}},
		Scope: &models.BotCommandScopeAllPrivateChats{}}); !ok || err != nil {
		t.Fatalf("SetMyCommands = %v, %v", ok, err)
	}
	if s.Commands("all_private_chats", "") == nil {
		t.Fatal("commands for all_private_chats not stored")
	}
	chat, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: u.ID()})
	if err != nil || chat.ID != u.ID() || chat.Type != models.ChatTypePrivate {
		t.Fatalf("GetChat = %+v, %v", chat, err)
	}
	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.ID(), MessageID: sent.ID}); !ok || err != nil {
		t.Fatalf("DeleteMessage = %v, %v", ok, err)
	}
	if ms := u.Messages(); !ms[0].Deleted || ms[0].Edits != 2 || !ms[0].HasButton("undo") {
		t.Fatalf("after delete %+v", ms[0])
	}
}

func TestClientFilesBothWays(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	ctx := testContext(t)
	b := newClient(t, base)
	u := s.NewUser(UserOptions{ID: 4002})

	doc := u.SendDocument("报告.pdf", "application/pdf", []byte("%PDF-1.4 test"), "证据")
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: doc.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != "%PDF-1.4 test" || doc.Document.FileName != "报告.pdf" || doc.Caption != "证据" {
		t.Fatalf("downloaded %q from %+v", got, doc.Document)
	}

	img := testJPEG(t, 64, 48)
	photo, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileUpload{Filename: "chart.jpg", Data: bytes.NewReader(img)}, Caption: "统计"})
	if err != nil {
		t.Fatal(err)
	}
	if len(photo.Photo) == 0 || photo.Caption != "统计" || photo.Photo[len(photo.Photo)-1].Width != 64 {
		t.Fatalf("photo %+v", photo)
	}
	sentDoc, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID(), Document: &models.InputFileUpload{Filename: "digest.csv", Data: strings.NewReader("a,b\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if sentDoc.Document == nil || sentDoc.Document.FileName != "digest.csv" || !strings.HasPrefix(sentDoc.Document.MimeType, "text/csv") {
		t.Fatalf("document %+v", sentDoc.Document)
	}
	// A file_id the bot already has can be sent again without uploading.
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileString{Data: photo.Photo[0].FileID}}); err != nil {
		t.Fatal(err)
	}
	ms := u.Messages()
	if len(ms) != 3 || ms[0].Kind != "photo" || !bytes.Equal(ms[0].File, img) || string(ms[1].File) != "a,b\n" || !bytes.Equal(ms[2].File, img) {
		t.Fatalf("recorded %d messages: %+v", len(ms), ms)
	}
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileString{Data: "no-such-id"}}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("unknown file_id: %v", err)
	}
}

func TestClientErrorTypes(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	ctx := testContext(t)
	b := newClient(t, base)
	u := s.NewUser(UserOptions{ID: 4003})
	g := s.NewGroup("禁毒办值班")

	s.FailNext("sendMessage", 1, http.StatusTooManyRequests, 7)
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "x"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("injected 429: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "x"}); err != nil {
		t.Fatalf("after the fault: %v", err)
	}

	u.BlockBot()
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "x"}); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("blocked: %v", err)
	}

	oldID := g.ChatID()
	newID, err := s.MigrateGroup(oldID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: oldID, Text: "日报"})
	var migrated *bot.MigrateError
	if !errors.As(err, &migrated) || int64(migrated.MigrateToChatID) != newID {
		t.Fatalf("migrated group: %v", err)
	}
	if _, err := s.MigrateGroup(newID); !errors.Is(err, ErrNotGroup) {
		t.Fatalf("migrating a supergroup: %v", err)
	}
}

func TestFaultInjectionAndHang(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	ctx := testContext(t)
	b := newClient(t, base)
	u := s.NewUser(UserOptions{ID: 4004})

	s.InjectFaults(func(method string) *APIError {
		if method == "sendChatAction" {
			return &APIError{Code: 502, Description: "Bad Gateway"}
		}
		return nil
	})
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: u.ID(), Action: models.ChatActionTyping}); err == nil || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Fatalf("injected 502: %v", err)
	}
	s.InjectFaults(nil)
	wantError(t, func() apiReply { s.FailNext("", 1, 500, 0); return call(t, base, "getMe", nil) }(), 500, "Internal Server Error")

	// A send that times out at the client still happens, as on Telegram.
	s.Hang("sendMessage", 300*time.Millisecond, 1)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err := b.SendMessage(short, &bot.SendMessageParams{ChatID: u.ID(), Text: "回执"})
	cancel()
	if err == nil {
		t.Fatal("the hung send did not time out at the client")
	}
	if err := u.WaitFor(ctx, func(ms []Message) bool { return len(ms) == 1 && ms[0].Text == "回执" }); err != nil {
		t.Fatal(err)
	}
}
