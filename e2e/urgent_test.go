package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/telegramtest"
)

// TestUrgentReportAlertsTheDutyChannels: a citizen's urgent report (drug
// driving, priority 1) reaches the Telegram duty chat and the duty's WeCom
// robot through the real binary, once each, with the tip's number and link
// and without what the reporter wrote; the robot's key appears in no log.
func TestUrgentReportAlertsTheDutyChannels(t *testing.T) {
	c := newCluster(t, pgtest.URL(t), nil)
	c.dumpLogsOnFailure()
	var mu sync.Mutex
	var robot []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			MsgType string `json:"msgtype"`
			Text    struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		b, _ := io.ReadAll(r.Body)
		if json.Unmarshal(b, &body) != nil || body.MsgType != "text" || r.URL.Query().Get("key") != "E2EROBOTKEY" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		mu.Lock()
		robot = append(robot, body.Text.Content)
		mu.Unlock()
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer srv.Close()
	cfgPath := filepath.Join(t.TempDir(), "tipline.yaml")
	yaml := "notify:\n  robots:\n    - {name: duty, kind: wecom, url: \"" + srv.URL + "/cgi-bin/webhook/send?key=E2EROBOTKEY\", notices: [alerts]}\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	duty := c.tg.NewGroup("值班群")
	c.start("serve", freeAddr(t), []string{"--config", cfgPath},
		"TIPLINE_JOBS_DUTY_CHAT="+strconv.FormatInt(duty.ChatID(), 10), "TIPLINE_ADMIN_BASE_URL=http://127.0.0.1:9/")

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var updates atomic.Int64
	z := newCitizen(c.tg, 0, &updates)
	if _, err := z.report(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := c.db.GetContext(ctx, &id, `SELECT max(id) FROM tips`); err != nil {
		t.Fatal(err)
	}
	if err := duty.WaitFor(ctx, func(ms []telegramtest.Message) bool { return len(ms) > 0 }); err != nil {
		t.Fatalf("the duty chat got no alert: %v", err)
	}
	for ctx.Err() == nil {
		mu.Lock()
		n := len(robot)
		mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	texts := append([]string(nil), robot...)
	mu.Unlock()
	for _, m := range duty.Messages() {
		texts = append(texts, m.Text)
	}
	want := "【紧急线索】#" + strconv.FormatInt(id, 10) + "\n"
	if len(texts) != 2 || !strings.HasPrefix(texts[0], want) || texts[0] != texts[1] {
		t.Fatalf("alerts %q, want one %q… for the robot and the duty chat", texts, want)
	}
	for _, leak := range []string{marker(0, 0), suspectPhone, "菜市场"} {
		if strings.Contains(texts[0], leak) {
			t.Errorf("the alert quotes the report (%s): %q", leak, texts[0])
		}
	}
	if !strings.Contains(texts[0], "http://127.0.0.1:9/tips/"+strconv.FormatInt(id, 10)) {
		t.Errorf("the alert has no link to the tip: %q", texts[0])
	}
	var queued int
	if err := c.db.GetContext(ctx, &queued, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'urgent:%'`); err != nil || queued != 2 {
		t.Fatalf("%d urgent alerts queued (%v), want one per channel", queued, err)
	}
	for _, path := range c.logs() {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "E2EROBOTKEY") {
			t.Fatalf("%s holds the robot's key", path)
		}
	}
}
