package telegramtest

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"
)

// BenchmarkSendMessage measures the emulator's answer to sendMessage over real
// HTTP, the ceiling a load test through it can reach.
func BenchmarkSendMessage(b *testing.B) {
	s := New(Options{Token: testToken})
	base := s.Start()
	defer s.Close()
	s.NewUser(UserOptions{ID: 9001})
	body := []byte(`{"chat_id":9001,"text":"<b>收到</b>，谢谢","parse_mode":"HTML"}`)
	client := &http.Client{}
	for b.Loop() {
		resp, err := client.Post(base+"/bot"+testToken+"/sendMessage", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkUpdateRoundTrip measures a user's message reaching getUpdates and
// being confirmed.
func BenchmarkUpdateRoundTrip(b *testing.B) {
	s := New(Options{Token: testToken})
	base := s.Start()
	defer s.Close()
	u := s.NewUser(UserOptions{ID: 9002})
	var offset int64
	for b.Loop() {
		u.SendText("线索")
		id := offset
		resp, err := http.Get(base + "/bot" + testToken + "/getUpdates?offset=" + strconv.FormatInt(id, 10))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		s.mu.Lock()
		offset = s.nextUpdateID
		s.mu.Unlock()
	}
}
