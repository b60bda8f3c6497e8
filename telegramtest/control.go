package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// controlPrefix is where the control API lives, beside the Bot API: a path
// Telegram never uses. It lets a process outside the emulator — the sandbox web
// chat talking to a standalone emulator — act as users and read the chats:
//
//	POST /_emulator/users                {"id","first_name","last_name","username","language_code","phone"} → {"chat_id"}
//	POST /_emulator/groups               {"title"} → {"chat_id"}
//	POST /_emulator/chats/{chat}/actions {"type": "text"|"command"|"photo"|"document"|"location"|"contact"|"press"|"block"|"unblock", …} → {"message"|"callback_query_id"}
//	GET  /_emulator/chats/{chat}/messages?after=<version>&timeout=<seconds> → {"version","messages"}
//	GET  /_emulator/callbacks/{id}       → the bot's answer to a button press
//	GET  /_emulator/files/{file_id}      → the file's bytes
//
// messages waits up to timeout seconds for any change after version, so a page can
// long-poll it.
const controlPrefix = "/_emulator/"

type controlHandler struct {
	s *Server
}

func (s *Server) control() http.Handler {
	s.controlOnce.Do(func() {
		h := &controlHandler{s: s}
		mux := http.NewServeMux()
		mux.HandleFunc("POST /_emulator/users", h.newUser)
		mux.HandleFunc("POST /_emulator/groups", h.newGroup)
		mux.HandleFunc("POST /_emulator/chats/{chat}/actions", h.act)
		mux.HandleFunc("GET /_emulator/chats/{chat}/messages", h.messages)
		mux.HandleFunc("GET /_emulator/callbacks/{id}", h.callback)
		mux.HandleFunc("GET /_emulator/files/{id}", h.file)
		s.controlMux = mux
	})
	return s.controlMux
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func (h *controlHandler) newUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ID           int64  `json:"id"`
		FirstName    string `json:"first_name"`
		LastName     string `json:"last_name"`
		Username     string `json:"username"`
		LanguageCode string `json:"language_code"`
		Phone        string `json:"phone"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		controlError(w, http.StatusBadRequest, "invalid JSON")
		return
	}
	u := h.s.NewUser(UserOptions{ID: in.ID, FirstName: in.FirstName, LastName: in.LastName, Username: in.Username, LanguageCode: in.LanguageCode, Phone: in.Phone})
	writeJSON(w, http.StatusOK, map[string]int64{"chat_id": u.ChatID()})
}

func (h *controlHandler) newGroup(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title string `json:"title"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		controlError(w, http.StatusBadRequest, "invalid JSON")
		return
	}
	g := h.s.NewGroup(in.Title)
	writeJSON(w, http.StatusOK, map[string]int64{"chat_id": g.ChatID()})
}

// view finds the chat named in the path, following a group's migration.
func (h *controlHandler) view(r *http.Request) (chatView, bool) {
	id, err := strconv.ParseInt(r.PathValue("chat"), 10, 64)
	if err != nil {
		return chatView{}, false
	}
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if to, ok := h.s.migrated[id]; ok {
		id = to
	}
	c := h.s.chats[id]
	if c == nil {
		return chatView{}, false
	}
	return chatView{s: h.s, c: c}, true
}

func (h *controlHandler) act(w http.ResponseWriter, r *http.Request) {
	v, ok := h.view(r)
	if !ok {
		controlError(w, http.StatusNotFound, "chat not found")
		return
	}
	var in struct {
		Type         string  `json:"type"`
		From         int64   `json:"from"` // the sender in a group
		Text         string  `json:"text"`
		Caption      string  `json:"caption"`
		Data         []byte  `json:"data"` // base64 in JSON
		FileName     string  `json:"file_name"`
		MimeType     string  `json:"mime_type"`
		Latitude     float64 `json:"latitude"`
		Longitude    float64 `json:"longitude"`
		Phone        string  `json:"phone"`
		FirstName    string  `json:"first_name"`
		MessageID    int     `json:"message_id"`
		CallbackData string  `json:"callback_data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		controlError(w, http.StatusBadRequest, "invalid JSON")
		return
	}
	s := h.s
	s.mu.Lock()
	from := v.c.user
	if from == nil {
		from = s.users[in.From]
	}
	s.mu.Unlock()
	if from == nil {
		controlError(w, http.StatusBadRequest, "from: unknown user")
		return
	}
	var result any
	switch in.Type {
	case "text":
		if in.MessageID != 0 {
			m, err := s.reply(v.c, &from.info, in.MessageID, in.Text)
			if err != nil {
				controlError(w, http.StatusBadRequest, err.Error())
				return
			}
			result = map[string]any{"message": m}
			break
		}
		result = map[string]any{"message": s.post(v.c, &from.info, textFill(in.Text))}
	case "command":
		result = map[string]any{"message": s.post(v.c, &from.info, commandFill(in.Text))}
	case "photo":
		result = map[string]any{"message": s.post(v.c, &from.info, s.photoFill(in.Data, in.Caption))}
	case "document":
		result = map[string]any{"message": s.post(v.c, &from.info, s.fileFill("document", in.FileName, in.MimeType, in.Data, in.Caption))}
	case "location":
		result = map[string]any{"message": s.post(v.c, &from.info, func(w *wireMessage) {
			w.Location = &wireLocation{Latitude: in.Latitude, Longitude: in.Longitude}
		})}
	case "contact":
		result = map[string]any{"message": s.post(v.c, &from.info, func(w *wireMessage) {
			w.Contact = &wireContact{PhoneNumber: in.Phone, FirstName: in.FirstName, UserID: from.info.ID}
		})}
	case "press":
		id, err := s.press(v.c, &from.info, in.MessageID, in.CallbackData)
		if err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		result = map[string]any{"callback_query_id": id}
	case "block", "unblock":
		if v.c.user == nil {
			controlError(w, http.StatusBadRequest, "only a private chat can block the bot")
			return
		}
		from.setBlocked(in.Type == "block")
		result = map[string]any{}
	default:
		controlError(w, http.StatusBadRequest, "unknown action type")
		return
	}
	writeJSON(w, http.StatusOK, result)
}

func (h *controlHandler) messages(w http.ResponseWriter, r *http.Request) {
	v, ok := h.view(r)
	if !ok {
		controlError(w, http.StatusNotFound, "chat not found")
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	timeout, _ := strconv.Atoi(r.URL.Query().Get("timeout"))
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(min(max(timeout, 0), 60))*time.Second)
	defer cancel()
	s := h.s
	for {
		s.mu.Lock()
		version, msgs, changed := s.version, v.messagesLocked(), s.changed
		s.mu.Unlock()
		if version > after || ctx.Err() != nil {
			writeJSON(w, http.StatusOK, map[string]any{"version": version, "messages": msgs})
			return
		}
		select {
		case <-changed:
		case <-ctx.Done():
		case <-s.done:
			writeJSON(w, http.StatusOK, map[string]any{"version": version, "messages": msgs})
			return
		}
	}
}

func (h *controlHandler) callback(w http.ResponseWriter, r *http.Request) {
	a, ok := h.s.CallbackAnswer(r.PathValue("id"))
	if !ok {
		controlError(w, http.StatusNotFound, "unknown callback query")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"answered": a.Answered, "text": a.Text, "show_alert": a.ShowAlert, "url": a.URL})
}

func (h *controlHandler) file(w http.ResponseWriter, r *http.Request) {
	data, ok := h.s.File(r.PathValue("id"))
	if !ok {
		controlError(w, http.StatusNotFound, "unknown file")
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(data))
	_, _ = w.Write(data)
}
