package telegramtest

import (
	"encoding/json"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

func (s *Server) botUser() *wireUser {
	return &wireUser{ID: s.botID, IsBot: true, FirstName: s.opts.BotFirstName, Username: s.opts.BotUsername}
}

func (s *Server) getMe(_ *http.Request, _ *request) (any, *APIError) {
	u := s.botUser()
	u.CanJoinGroups = true
	return u, nil
}

// chatLocked finds the chat a call names in chat_id. forSend also refuses a chat
// whose user blocked the bot.
func (s *Server) chatLocked(req *request, forSend bool) (*chat, *APIError) {
	raw := strings.TrimSpace(req.str("chat_id"))
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	if to, ok := s.migrated[id]; ok {
		return nil, &APIError{Code: http.StatusBadRequest, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatID: to}
	}
	c := s.chats[id]
	if c == nil {
		return nil, badRequest("chat not found")
	}
	if forSend && c.blocked {
		return nil, &APIError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	}
	return c, nil
}

// replyToLocked reads reply_parameters (or the older reply_to_message_id).
func (s *Server) replyToLocked(c *chat, req *request) (*record, *APIError) {
	var rp struct {
		MessageID                int  `json:"message_id"`
		AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
	}
	if e := req.object("reply_parameters", &rp); e != nil {
		return nil, e
	}
	if rp.MessageID == 0 {
		id, e := req.integer("reply_to_message_id")
		if e != nil {
			return nil, e
		}
		rp.MessageID = int(id)
		rp.AllowSendingWithoutReply = req.boolean("allow_sending_without_reply")
	}
	if rp.MessageID == 0 {
		return nil, nil
	}
	r := c.records[rp.MessageID]
	if r == nil || r.deleted {
		if rp.AllowSendingWithoutReply {
			return nil, nil
		}
		return nil, badRequest("message to be replied not found")
	}
	return r, nil
}

// sendLocked is the common part of the send methods: chat, keyboard, reply, limits,
// then the message itself, which fill completes.
func (s *Server) send(req *request, kind string, fill func(w *wireMessage, m *Message) *APIError) (any, *APIError) {
	kb, e := parseKeyboard(req)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatLocked(req, true)
	if e != nil {
		return nil, e
	}
	replyTo, e := s.replyToLocked(c, req)
	if e != nil {
		return nil, e
	}
	w := wireMessage{From: s.botUser(), Date: s.now().Unix(), Chat: c.wireChat()}
	m := &Message{ChatID: c.id, Kind: kind, Date: s.now(), ParseMode: req.str("parse_mode"),
		DisableNotification: req.boolean("disable_notification")}
	if e := fill(&w, m); e != nil {
		return nil, e
	}
	if e := s.admitSendLocked(c); e != nil {
		return nil, e
	}
	if kb != nil {
		m.InlineKeyboard, m.ReplyKeyboard, m.RemoveKeyboard, m.ForceReply = kb.inline, kb.reply, kb.remove, kb.force
		w.ReplyMarkup = inlineJSON(kb.inline)
	}
	if replyTo != nil {
		w.ReplyToMessage = replyTo.wire.shallow()
		m.ReplyToMessageID = replyTo.wire.MessageID
	}
	w.MessageID = c.nextMsgID
	m.ID = c.nextMsgID
	c.nextMsgID++
	s.addLocked(c, &record{wire: w, fromBot: true, bot: m})
	s.recordSendLocked(c)
	s.broadcastLocked()
	return w, nil
}

func (s *Server) sendMessage(_ *http.Request, req *request) (any, *APIError) {
	return s.send(req, "text", func(w *wireMessage, m *Message) *APIError {
		raw := req.str("text")
		plain, e := renderText(raw, m.ParseMode)
		if e != nil {
			return e
		}
		if strings.TrimSpace(plain) == "" {
			return badRequest("message text is empty")
		}
		if utf8.RuneCountInString(plain) > 4096 {
			return badRequest("message is too long")
		}
		var lp struct {
			IsDisabled bool `json:"is_disabled"`
		}
		if e := req.object("link_preview_options", &lp); e != nil {
			return e
		}
		m.DisableLinkPreview = lp.IsDisabled || req.boolean("disable_web_page_preview")
		w.Text, m.Text, m.RawText = plain, plain, raw
		if lp.IsDisabled {
			w.LinkPreviewOptions = json.RawMessage(`{"is_disabled":true}`)
		}
		return nil
	})
}

// captionLocked checks and renders a caption into w and m.
func captionInto(req *request, w *wireMessage, m *Message) *APIError {
	raw := req.str("caption")
	plain, e := renderText(raw, m.ParseMode)
	if e != nil {
		return e
	}
	if utf8.RuneCountInString(plain) > 1024 {
		return badRequest("message caption is too long")
	}
	w.Caption, m.Text, m.RawText = plain, plain, raw
	return nil
}

// inputFileLocked reads a file parameter: an upload, an attach:// reference to one,
// an existing file_id or a URL. Callers hold s.mu.
func (s *Server) inputFileLocked(req *request, field string) (data []byte, name string, existing *storedFile, e *APIError) {
	if up, ok := req.files[field]; ok {
		return up.data, up.name, nil, nil
	}
	ref := req.str(field)
	if ref == "" {
		return nil, "", nil, badRequest("there is no " + field + " in the request")
	}
	if att, ok := strings.CutPrefix(ref, "attach://"); ok {
		up, ok := req.files[att]
		if !ok {
			return nil, "", nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		return up.data, up.name, nil, nil
	}
	if f := s.files[ref]; f != nil {
		return f.data, filepath.Base(f.path), f, nil
	}
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		return nil, filepath.Base(ref), nil, nil
	}
	return nil, "", nil, badRequest("wrong file identifier/HTTP URL specified")
}

func (s *Server) sendPhoto(_ *http.Request, req *request) (any, *APIError) {
	return s.send(req, "photo", func(w *wireMessage, m *Message) *APIError {
		data, name, _, e := s.inputFileLocked(req, "photo")
		if e != nil {
			return e
		}
		if e := captionInto(req, w, m); e != nil {
			return e
		}
		w.Photo = s.photoSizesLocked(data)
		m.FileID = w.Photo[len(w.Photo)-1].FileID
		m.FileName, m.MimeType, m.File = name, "image/jpeg", data
		return nil
	})
}

func (s *Server) sendDocument(_ *http.Request, req *request) (any, *APIError) {
	return s.send(req, "document", func(w *wireMessage, m *Message) *APIError {
		data, name, existing, e := s.inputFileLocked(req, "document")
		if e != nil {
			return e
		}
		if e := captionInto(req, w, m); e != nil {
			return e
		}
		mt := mime.TypeByExtension(filepath.Ext(name))
		if mt == "" {
			mt = "application/octet-stream"
		}
		f := existing
		if f == nil {
			f = s.storeFileLocked(data, "documents", filepath.Ext(name))
		}
		w.Document = &wireFile{FileID: f.id, FileUniqueID: f.uniqueID, FileName: name, MimeType: mt, FileSize: f.size}
		m.FileID, m.FileName, m.MimeType, m.File = f.id, name, mt, data
		return nil
	})
}

// editableLocked finds the bot's message an edit names.
func (s *Server) editableLocked(req *request) (*chat, *record, *APIError) {
	if req.str("inline_message_id") != "" {
		return nil, nil, badRequest("inline messages are not emulated")
	}
	c, e := s.chatLocked(req, true)
	if e != nil {
		return nil, nil, e
	}
	id, e := req.integer("message_id")
	if e != nil {
		return nil, nil, e
	}
	if id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	r := c.records[int(id)]
	if r == nil || r.deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	if !r.fromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, r, nil
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) editMessageText(_ *http.Request, req *request) (any, *APIError) {
	kb, e := parseKeyboard(req)
	if e != nil {
		return nil, e
	}
	raw := req.str("text")
	parseMode := req.str("parse_mode")
	plain, e := renderText(raw, parseMode)
	if e != nil {
		return nil, e
	}
	if strings.TrimSpace(plain) == "" {
		return nil, badRequest("message text is empty")
	}
	if utf8.RuneCountInString(plain) > 4096 {
		return nil, badRequest("message is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, e := s.editableLocked(req)
	if e != nil {
		return nil, e
	}
	if r.bot.Kind != "text" {
		return nil, badRequest("there is no text in the message to edit")
	}
	var inline [][]Button
	if kb != nil {
		inline = kb.inline
	}
	// Telegram compares what the reader sees: text, its formatting and the keyboard.
	if r.bot.RawText == raw && strings.EqualFold(r.bot.ParseMode, parseMode) && string(inlineJSON(inline)) == string(r.wire.ReplyMarkup) {
		return nil, badRequest(notModified)
	}
	r.wire.Text = plain
	r.wire.ReplyMarkup = inlineJSON(inline)
	r.wire.EditDate = s.now().Unix()
	r.bot.Text, r.bot.RawText, r.bot.ParseMode, r.bot.InlineKeyboard = plain, raw, parseMode, inline
	r.bot.Edits++
	s.broadcastLocked()
	return r.wire, nil
}

func (s *Server) editMessageReplyMarkup(_ *http.Request, req *request) (any, *APIError) {
	kb, e := parseKeyboard(req)
	if e != nil {
		return nil, e
	}
	if kb != nil && (len(kb.reply) > 0 || kb.remove || kb.force) {
		return nil, badRequest("inline keyboard expected")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, e := s.editableLocked(req)
	if e != nil {
		return nil, e
	}
	var inline [][]Button
	if kb != nil {
		inline = kb.inline
	}
	if string(inlineJSON(inline)) == string(r.wire.ReplyMarkup) {
		return nil, badRequest(notModified)
	}
	r.wire.ReplyMarkup = inlineJSON(inline)
	r.wire.EditDate = s.now().Unix()
	r.bot.InlineKeyboard = inline
	r.bot.Edits++
	s.broadcastLocked()
	return r.wire, nil
}

func (s *Server) deleteMessage(_ *http.Request, req *request) (any, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatLocked(req, false)
	if e != nil {
		return nil, e
	}
	id, e := req.integer("message_id")
	if e != nil {
		return nil, e
	}
	r := c.records[int(id)]
	if r == nil || r.deleted {
		return nil, badRequest("message to delete not found")
	}
	r.deleted = true
	if r.bot != nil {
		r.bot.Deleted = true
	}
	s.broadcastLocked()
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(_ *http.Request, req *request) (any, *APIError) {
	action := req.str("action")
	if !chatActions[action] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatLocked(req, true)
	if e != nil {
		return nil, e
	}
	c.lastAction = action
	s.broadcastLocked()
	return true, nil
}

func (s *Server) getChat(_ *http.Request, req *request) (any, *APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.chatLocked(req, false)
	if e != nil {
		return nil, e
	}
	wc := c.wireChat()
	return struct {
		wireChat
		AccentColorID    int `json:"accent_color_id"`
		MaxReactionCount int `json:"max_reaction_count"`
	}{wc, 0, 11}, nil
}
