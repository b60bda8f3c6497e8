package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestUnauthorizedToken(t *testing.T) {
	t.Parallel()
	_, base := setup(t, Options{})
	r := callForm(t, base, "999:wrong", "getMe", nil)
	wantError(t, r, 401, "Unauthorized")
	resp, err := http.Get(base + "/file/bot999:wrong/photos/file_1.jpg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("file download with a wrong token: status %d", resp.StatusCode)
	}
}

func TestGetMeAndUnknownMethod(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{BotUsername: "tipline_bot"})
	r := callForm(t, base, testToken, "getme", nil) // method names ignore case
	wantOK(t, r)
	var me struct {
		ID       int64  `json:"id"`
		IsBot    bool   `json:"is_bot"`
		Username string `json:"username"`
	}
	if err := json.Unmarshal(r.Result, &me); err != nil {
		t.Fatal(err)
	}
	if me.ID != 123456 || !me.IsBot || me.Username != "tipline_bot" {
		t.Fatalf("getMe = %+v", me)
	}
	wantError(t, call(t, base, "sendPigeon", nil), 404, "Not Found")
	if got := s.Requests()["getme"]; got != 1 {
		t.Fatalf("Requests()[getme] = %d, want 1", got)
	}
}

func TestSendMessageErrorShapes(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 1001, FirstName: "Li"})
	g := s.NewGroup("Office")

	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": ""}), 400, "Bad Request: message text is empty")
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001}), 400, "Bad Request: message text is empty")
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 77, "text": "hi"}), 400, "Bad Request: chat not found")
	wantError(t, call(t, base, "sendMessage", map[string]any{"text": "hi"}), 400, "Bad Request: chat_id is empty")
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": strings.Repeat("字", 4097)}), 400, "Bad Request: message is too long")
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "a<br>b", "parse_mode": "HTML"}), 400,
		`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 1`)
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "Done.", "parse_mode": "MarkdownV2"}), 400,
		`Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`)
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "x", "reply_parameters": map[string]any{"message_id": 99}}), 400,
		"Bad Request: message to be replied not found")
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "x",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "a", "callback_data": strings.Repeat("x", 65)}}}}}), 400,
		"Bad Request: BUTTON_DATA_INVALID")

	u.BlockBot()
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "hi"}), 403, "Forbidden: bot was blocked by the user")
	wantError(t, call(t, base, "sendChatAction", map[string]any{"chat_id": 1001, "action": "typing"}), 403, "Forbidden: bot was blocked by the user")
	u.UnblockBot()
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1001, "text": "hi"}))

	oldID := g.ChatID()
	newID, err := s.MigrateGroup(oldID)
	if err != nil {
		t.Fatal(err)
	}
	r := call(t, base, "sendMessage", map[string]any{"chat_id": oldID, "text": "digest"})
	wantError(t, r, 400, "Bad Request: group chat was upgraded to a supergroup chat")
	if r.Parameters.MigrateToChatID != newID || g.ChatID() != newID {
		t.Fatalf("migrate_to_chat_id = %d, group id %d, want %d", r.Parameters.MigrateToChatID, g.ChatID(), newID)
	}
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": newID, "text": "digest"}))
	if last, ok := g.LastMessage(); !ok || last.Text != "digest" {
		t.Fatalf("group last message = %+v", last)
	}
	if s.SentCount() != 2 {
		t.Fatalf("SentCount = %d, want 2", s.SentCount())
	}
}

func TestSendMessageRecordsWhatTheUserSees(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 1002})
	in := u.SendText("hello")
	r := call(t, base, "sendMessage", map[string]any{
		"chat_id":              1002,
		"text":                 "<b>Received</b> &amp; filed",
		"parse_mode":           "HTML",
		"disable_notification": true,
		"reply_parameters":     map[string]any{"message_id": in.ID},
		"link_preview_options": map[string]any{"is_disabled": true},
		"reply_markup":         map[string]any{"keyboard": [][]any{{"中文", map[string]any{"text": "English"}}}, "one_time_keyboard": true},
	})
	wantOK(t, r)
	var res struct {
		MessageID      int    `json:"message_id"`
		Text           string `json:"text"`
		ReplyToMessage struct {
			MessageID int    `json:"message_id"`
			Text      string `json:"text"`
		} `json:"reply_to_message"`
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		t.Fatal(err)
	}
	if res.Text != "Received & filed" || res.ReplyToMessage.MessageID != in.ID || res.ReplyToMessage.Text != "hello" || res.MessageID != in.ID+1 {
		t.Fatalf("result = %+v", res)
	}
	ms := u.Messages()
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	m := ms[0]
	if m.Text != "Received & filed" || m.RawText != "<b>Received</b> &amp; filed" || !m.DisableNotification || !m.DisableLinkPreview ||
		m.ReplyToMessageID != in.ID || len(m.ReplyKeyboard) != 1 || m.ReplyKeyboard[0][1] != "English" {
		t.Fatalf("recorded %+v", m)
	}
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1002, "text": "bye", "reply_markup": map[string]any{"remove_keyboard": true}}))
	if last, _ := u.LastMessage(); !last.RemoveKeyboard {
		t.Fatalf("remove_keyboard not recorded: %+v", last)
	}
}

func TestFormEncodedAndEdits(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 1003})
	kb := `{"inline_keyboard":[[{"text":"Yes","callback_data":"yes"},{"text":"Site","url":"https://example.org"}]]}`
	r := callForm(t, base, testToken, "sendMessage", url.Values{"chat_id": {"1003"}, "text": {"Submit?"}, "reply_markup": {kb}})
	wantOK(t, r)
	m, _ := u.LastMessage()
	if !m.HasButton("yes") || strings.Join(m.ButtonTexts(), ",") != "Yes,Site" {
		t.Fatalf("keyboard = %+v", m.InlineKeyboard)
	}
	id := map[string]any{"chat_id": 1003, "message_id": m.ID}
	with := func(extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range id {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	wantError(t, call(t, base, "editMessageText", with(map[string]any{"text": "Submit?", "reply_markup": json.RawMessage(kb)})), 400, "Bad Request: "+notModified)
	wantError(t, call(t, base, "editMessageText", with(map[string]any{"text": ""})), 400, "Bad Request: message text is empty")
	wantError(t, call(t, base, "editMessageText", map[string]any{"chat_id": 1003, "message_id": 99, "text": "x"}), 400, "Bad Request: message to edit not found")
	in := u.SendText("mine")
	wantError(t, call(t, base, "editMessageText", map[string]any{"chat_id": 1003, "message_id": in.ID, "text": "x"}), 400, "Bad Request: message can't be edited")

	// Editing the text without reply_markup drops the keyboard, as Telegram does.
	wantOK(t, call(t, base, "editMessageText", with(map[string]any{"text": "Submitted"})))
	m, _ = u.LastMessage()
	if m.Text != "Submitted" || len(m.InlineKeyboard) != 0 || m.Edits != 1 {
		t.Fatalf("after edit %+v", m)
	}
	wantError(t, call(t, base, "editMessageReplyMarkup", id), 400, "Bad Request: "+notModified)
	wantOK(t, call(t, base, "editMessageReplyMarkup", with(map[string]any{"reply_markup": json.RawMessage(kb)})))
	if m, _ = u.LastMessage(); !m.HasButton("yes") {
		t.Fatalf("keyboard not restored: %+v", m)
	}
	wantOK(t, call(t, base, "deleteMessage", id))
	wantError(t, call(t, base, "deleteMessage", id), 400, "Bad Request: message to delete not found")
	if ms := u.Messages(); !ms[0].Deleted {
		t.Fatalf("not marked deleted: %+v", ms[0])
	}
	if _, ok := u.LastMessage(); ok {
		t.Fatal("LastMessage returned a deleted message")
	}
}

func TestChatActionCommandsAndGetChat(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 1004, FirstName: "Wang", Username: "wang"})
	wantError(t, call(t, base, "sendChatAction", map[string]any{"chat_id": 1004, "action": "dancing"}), 400, "Bad Request: wrong parameter action in request")
	wantOK(t, call(t, base, "sendChatAction", map[string]any{"chat_id": 1004, "action": "typing"}))
	if u.LastAction() != "typing" {
		t.Fatalf("LastAction = %q", u.LastAction())
	}
	wantError(t, call(t, base, "setMyCommands", map[string]any{"commands": []map[string]string{{"command": "Start!", "description": "x"}}}), 400, "Bad Request: BOT_COMMAND_INVALID")
	cmds := []map[string]string{{"command": "start", "description": "开始"}, {"command": "status", "description": "查询进度"}}
	wantOK(t, call(t, base, "setMyCommands", map[string]any{"commands": cmds, "language_code": "zh"}))
	var got []map[string]string
	if err := json.Unmarshal(s.Commands("default", "zh"), &got); err != nil || len(got) != 2 || got[1]["command"] != "status" {
		t.Fatalf("Commands = %v %v", got, err)
	}
	r := call(t, base, "getMyCommands", map[string]any{"language_code": "en"})
	wantOK(t, r)
	if string(r.Result) != "[]" {
		t.Fatalf("getMyCommands for en = %s", r.Result)
	}
	r = call(t, base, "getChat", map[string]any{"chat_id": 1004})
	wantOK(t, r)
	var c struct {
		ID       int64  `json:"id"`
		Type     string `json:"type"`
		Username string `json:"username"`
	}
	if err := json.Unmarshal(r.Result, &c); err != nil || c.ID != 1004 || c.Type != "private" || c.Username != "wang" {
		t.Fatalf("getChat = %+v %v", c, err)
	}
}

func TestAnswerCallbackQuery(t *testing.T) {
	t.Parallel()
	s, base := setup(t, Options{})
	u := s.NewUser(UserOptions{ID: 1005})
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 1005, "text": "Pick",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "A", "callback_data": "cat:sell"}}}}}))
	m, _ := u.LastMessage()
	if _, err := u.Press(m, "cat:use"); err == nil {
		t.Fatal("pressed a button that is not there")
	}
	id, err := u.Press(m, "cat:sell")
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, call(t, base, "answerCallbackQuery", map[string]any{"callback_query_id": "nope"}), 400,
		"Bad Request: query is too old and response timeout expired or query ID is invalid")
	wantOK(t, call(t, base, "answerCallbackQuery", map[string]any{"callback_query_id": id, "text": "OK", "show_alert": true}))
	a, err := s.WaitCallbackAnswer(testContext(t), id)
	if err != nil || a.Text != "OK" || !a.ShowAlert {
		t.Fatalf("answer = %+v %v", a, err)
	}
	wantError(t, call(t, base, "answerCallbackQuery", map[string]any{"callback_query_id": id}), 400,
		"Bad Request: query is too old and response timeout expired or query ID is invalid")
}
