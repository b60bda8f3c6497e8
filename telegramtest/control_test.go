package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

func controlCall(t *testing.T, method, url string, in any, out any) int {
	t.Helper()
	var body io.Reader
	if in != nil {
		raw, _ := json.Marshal(in)
		body = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, url, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
	return resp.StatusCode
}

func TestControlAPI(t *testing.T) {
	t.Parallel()
	_, base := setup(t, Options{})
	var created struct {
		ChatID int64 `json:"chat_id"`
	}
	controlCall(t, "POST", base+"/_emulator/users", map[string]any{"id": 6001, "first_name": "访客", "language_code": "zh-hans"}, &created)
	if created.ChatID != 6001 {
		t.Fatalf("created chat %d", created.ChatID)
	}
	chat := fmt.Sprintf("%s/_emulator/chats/%d", base, created.ChatID)
	var sent struct {
		Message struct {
			MessageID int    `json:"message_id"`
			Text      string `json:"text"`
		} `json:"message"`
	}
	controlCall(t, "POST", chat+"/actions", map[string]any{"type": "command", "text": "/start"}, &sent)
	if sent.Message.Text != "/start" {
		t.Fatalf("action result %+v", sent)
	}
	if ups := getUpdates(t, base, nil); len(ups) != 1 || ups[0].Message.Entities[0].Type != "bot_command" {
		t.Fatalf("updates %+v", ups)
	}

	var page struct {
		Version  int64     `json:"version"`
		Messages []Message `json:"messages"`
	}
	controlCall(t, "GET", chat+"/messages", nil, &page)
	if len(page.Messages) != 0 {
		t.Fatalf("messages before the bot spoke: %+v", page.Messages)
	}
	waited := make(chan int, 1)
	go func() {
		var next struct {
			Messages []Message `json:"messages"`
		}
		resp, err := http.Get(fmt.Sprintf("%s/messages?after=%d&timeout=30", chat, page.Version))
		if err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&next)
			resp.Body.Close()
		}
		waited <- len(next.Messages)
	}()
	wantOK(t, call(t, base, "sendMessage", map[string]any{"chat_id": 6001, "text": "欢迎",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "举报", "callback_data": "report"}}}}}))
	if n := <-waited; n != 1 {
		t.Fatalf("long poll saw %d messages", n)
	}
	controlCall(t, "GET", chat+"/messages", nil, &page)
	if len(page.Messages) != 1 || page.Messages[0].Text != "欢迎" || page.Messages[0].InlineKeyboard[0][0].CallbackData != "report" {
		t.Fatalf("messages %+v", page.Messages)
	}
	var pressed struct {
		ID string `json:"callback_query_id"`
	}
	if code := controlCall(t, "POST", chat+"/actions", map[string]any{"type": "press", "message_id": page.Messages[0].ID, "callback_data": "nope"}, nil); code != 400 {
		t.Fatalf("pressing a missing button: %d", code)
	}
	controlCall(t, "POST", chat+"/actions", map[string]any{"type": "press", "message_id": page.Messages[0].ID, "callback_data": "report"}, &pressed)
	wantOK(t, call(t, base, "answerCallbackQuery", map[string]any{"callback_query_id": pressed.ID, "text": "好"}))
	var answer struct {
		Answered bool   `json:"answered"`
		Text     string `json:"text"`
	}
	controlCall(t, "GET", base+"/_emulator/callbacks/"+pressed.ID, nil, &answer)
	if !answer.Answered || answer.Text != "好" {
		t.Fatalf("answer %+v", answer)
	}

	var photo struct {
		Message struct {
			Photo []struct {
				FileID string `json:"file_id"`
			} `json:"photo"`
		} `json:"message"`
	}
	img := testJPEG(t, 20, 20)
	controlCall(t, "POST", chat+"/actions", map[string]any{"type": "photo", "data": img, "caption": "现场"}, &photo)
	resp, err := http.Get(base + "/_emulator/files/" + photo.Message.Photo[0].FileID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, img) {
		t.Fatalf("file bytes differ: %d vs %d", len(got), len(img))
	}
	controlCall(t, "POST", chat+"/actions", map[string]any{"type": "block"}, nil)
	wantError(t, call(t, base, "sendMessage", map[string]any{"chat_id": 6001, "text": "x"}), 403, "Forbidden: bot was blocked by the user")
	if code := controlCall(t, "POST", base+"/_emulator/chats/42/actions", map[string]any{"type": "text"}, nil); code != 404 {
		t.Fatalf("unknown chat: %d", code)
	}
}
