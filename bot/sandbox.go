package bot

import (
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tipline/tipline/telegramtest"
)

//go:embed sandbox
var sandboxFiles embed.FS

var sandboxPage = template.Must(template.ParseFS(sandboxFiles, "sandbox/page.html"))

// sandboxCitizen is the simulated person the page plays.
const sandboxCitizen = 900000001

// sandboxLabels are the page's words.
var sandboxLabels = map[string]map[string]string{
	"zh-CN": {"title": "举报机器人沙盒", "intro": "在这里扮演一位市民，与机器人对话。消息不会发到 Telegram。",
		"send": "发送", "placeholder": "输入消息…", "file": "发送图片或文件", "location": "发送位置", "lang": "English", "other": "en",
		"refused": "没有发出：消息太长或格式不对，请修改后再发送"},
	"en": {"title": "Tip line sandbox", "intro": "Play a citizen talking to the bot. Nothing goes to Telegram.",
		"send": "Send", "placeholder": "Type a message…", "file": "Send a photo or file", "location": "Share location", "lang": "中文", "other": "zh-CN",
		"refused": "Not sent: the message is too long or not valid; change it and send again"},
}

// proxyHeaders are what reverse proxies add to say whom they forward for.
var proxyHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip", "X-Forwarded-Host", "X-Forwarded-Proto"}

// SandboxHandler serves the sandbox web chat at /sandbox/ to loopback clients
// that come through no proxy. It is nil outside sandbox mode.
func (s *Service) SandboxHandler() http.Handler {
	if s.sandbox == nil {
		return nil
	}
	u := s.sandbox.NewUser(telegramtest.UserOptions{ID: sandboxCitizen, FirstName: "市民", LanguageCode: "zh-hans"})
	var lastPress pressID
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sandbox/{$}", func(w http.ResponseWriter, r *http.Request) {
		lang := "zh-CN"
		if r.URL.Query().Get("lang") == "en" {
			lang = "en"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = sandboxPage.Execute(w, map[string]any{"Lang": lang, "L": sandboxLabels[lang]})
	})
	mux.HandleFunc("GET /sandbox/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeFileFS(w, r, sandboxFiles, "sandbox/app.js")
	})
	mux.HandleFunc("GET /sandbox/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		http.ServeFileFS(w, r, sandboxFiles, "sandbox/style.css")
	})
	mux.HandleFunc("GET /sandbox/messages", func(w http.ResponseWriter, r *http.Request) {
		type button struct{ Text, Data, URL string }
		type message struct {
			ID      int
			Text    string
			Kind    string
			File    string
			Deleted bool
			Mine    bool
			Buttons [][]button
		}
		out := []message{}
		// The person's own messages too: a chat that shows only the bot's
		// side reads as if what was typed went nowhere.
		for _, m := range u.Transcript() {
			mm := message{ID: m.ID, Text: m.Text, Kind: m.Kind, File: m.FileName, Deleted: m.Deleted, Mine: m.Mine}
			for _, row := range m.InlineKeyboard {
				var br []button
				for _, b := range row {
					br = append(br, button{b.Text, b.CallbackData, b.URL})
				}
				mm.Buttons = append(mm.Buttons, br)
			}
			out = append(out, mm)
		}
		// A press answered with show_alert (a refusal such as the daily
		// limit) is a dialog in Telegram; the page shows it too, once, by
		// the press's id.
		type alert struct{ ID, Text string }
		var shown *alert
		if id := lastPress.get(); id != "" {
			if a, ok := s.sandbox.CallbackAnswer(id); ok && a.ShowAlert && a.Text != "" {
				shown = &alert{ID: id, Text: a.Text}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"Messages": out, "Alert": shown})
	})
	mux.HandleFunc("POST /sandbox/text", func(w http.ResponseWriter, r *http.Request) {
		// Telegram's limit is 4,096 characters, not bytes: a Chinese
		// character takes three.
		text := strings.TrimSpace(r.FormValue("text"))
		if text == "" || utf8.RuneCountInString(text) > 4096 {
			http.Error(w, "text", http.StatusBadRequest)
			return
		}
		if strings.HasPrefix(text, "/") {
			u.SendCommand(text)
		} else {
			u.SendText(text)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /sandbox/press", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.FormValue("message"))
		for _, m := range u.Messages() {
			if m.ID == id {
				id, err := u.Press(m, r.FormValue("data"))
				if err != nil {
					http.Error(w, "no such button", http.StatusConflict)
					return
				}
				lastPress.set(id)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		http.Error(w, "no such message", http.StatusNotFound)
	})
	mux.HandleFunc("POST /sandbox/upload", func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.Bot.MaxFileBytes+1<<20)
		f, h, err := r.FormFile("file")
		if err != nil {
			http.Error(w, "file", http.StatusBadRequest)
			return
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "file", http.StatusBadRequest)
			return
		}
		mime := h.Header.Get("Content-Type")
		if strings.HasPrefix(mime, "image/jpeg") || strings.HasPrefix(mime, "image/png") {
			u.SendPhoto(data, r.FormValue("caption"))
		} else {
			u.SendDocument(h.Filename, mime, data, r.FormValue("caption"))
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /sandbox/location", func(w http.ResponseWriter, r *http.Request) {
		lat, err1 := strconv.ParseFloat(r.FormValue("lat"), 64)
		lon, err2 := strconv.ParseFloat(r.FormValue("lon"), 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			http.Error(w, "location", http.StatusBadRequest)
			return
		}
		u.SendLocation(lat, lon)
		w.WriteHeader(http.StatusNoContent)
	})
	protect := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request through a proxy on this computer comes from loopback too,
		// so the address alone does not show the client is here.
		for _, h := range proxyHeaders {
			if len(r.Header.Values(h)) > 0 {
				http.Error(w, "沙盒不接受经代理转发的请求。The sandbox does not answer through a proxy.", http.StatusForbidden)
				return
			}
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "沙盒仅限本机使用。The sandbox is for this computer only.", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		protect.Handler(mux).ServeHTTP(w, r)
	})
}

// pressID is the callback query id of the sandbox citizen's latest press.
type pressID struct {
	mu sync.Mutex
	id string
}

func (p *pressID) get() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.id
}

func (p *pressID) set(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.id = id
}
