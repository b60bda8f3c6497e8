package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// UserOptions describe a simulated Telegram user. ID 0 picks a fresh id.
type UserOptions struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
	Phone        string
}

// User is a simulated person talking to the bot in a private chat (whose id is the
// user's id). Its methods produce the updates Telegram would send.
type User struct {
	chatView
	info  wireUser
	phone string
}

// ErrNoButton is returned by Press when the message's current keyboard has no
// button with the data pressed.
var ErrNoButton = errors.New("telegramtest: no such button on the message")

// ErrUnknownMessage is returned for a message the chat does not have (any more).
var ErrUnknownMessage = errors.New("telegramtest: unknown message")

// NewUser adds a simulated user, or returns the one with that id.
func (s *Server) NewUser(o UserOptions) *User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o.ID == 0 {
		s.userSeq++
		o.ID = 500000000 + s.userSeq
		for s.users[o.ID] != nil {
			s.userSeq++
			o.ID = 500000000 + s.userSeq
		}
	}
	if u := s.users[o.ID]; u != nil {
		return u
	}
	if o.FirstName == "" {
		o.FirstName = "User"
	}
	u := &User{
		info:  wireUser{ID: o.ID, FirstName: o.FirstName, LastName: o.LastName, Username: o.Username, LanguageCode: o.LanguageCode},
		phone: o.Phone,
	}
	c := s.newChatLocked(o.ID, "private", "")
	c.user = u
	u.chatView = chatView{s: s, c: c}
	s.users[o.ID] = u
	return u
}

// ID is the user's Telegram id (also the private chat's id).
func (u *User) ID() int64 { return u.info.ID }

func toModel(w wireMessage) *models.Message {
	body, _ := json.Marshal(w)
	var m models.Message
	if err := json.Unmarshal(body, &m); err != nil {
		panic(fmt.Sprintf("telegramtest: message does not decode: %v", err))
	}
	return &m
}

// post adds a message from `from` to chat c and queues the update carrying it.
func (s *Server) post(c *chat, from *wireUser, fill func(w *wireMessage)) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.postLocked(c, from, fill)
	return toModel(w)
}

func (s *Server) postLocked(c *chat, from *wireUser, fill func(w *wireMessage)) wireMessage {
	w := wireMessage{MessageID: c.nextMsgID, From: from, Date: s.now().Unix(), Chat: c.wireChat()}
	c.nextMsgID++
	fill(&w)
	s.addLocked(c, &record{wire: w})
	s.enqueueLocked(c.id, map[string]any{"message": w})
	return w
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func textFill(text string) func(w *wireMessage) {
	return func(w *wireMessage) { w.Text = text }
}

func commandFill(command string) func(w *wireMessage) {
	return func(w *wireMessage) {
		w.Text = command
		first, _, _ := strings.Cut(command, " ")
		if strings.HasPrefix(first, "/") {
			w.Entities = []wireEntity{{Type: "bot_command", Offset: 0, Length: utf16Len(first)}}
		}
	}
}

// SendText sends a plain text message to the bot.
func (u *User) SendText(text string) *models.Message {
	return u.s.post(u.c, &u.info, textFill(text))
}

// SendCommand sends a command such as "/start" or "/status K7QM-3XPD", with the
// bot_command entity Telegram adds.
func (u *User) SendCommand(command string) *models.Message {
	return u.s.post(u.c, &u.info, commandFill(command))
}

// Reply sends text as a reply to a message of the chat (the bot's or the user's).
func (u *User) Reply(to int, text string) (*models.Message, error) {
	return u.s.reply(u.c, &u.info, to, text)
}

func (s *Server) reply(c *chat, from *wireUser, to int, text string) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.records[to]
	if r == nil || r.deleted {
		return nil, ErrUnknownMessage
	}
	w := s.postLocked(c, from, func(w *wireMessage) {
		w.Text = text
		w.ReplyToMessage = r.wire.shallow()
	})
	return toModel(w), nil
}

// Press presses the inline button with callbackData on a message the bot sent,
// and returns the callback query id (see Server.CallbackAnswer). It fails when the
// message's current keyboard has no such button, as a person could not press it.
func (u *User) Press(msg Message, callbackData string) (string, error) {
	return u.s.press(u.c, &u.info, msg.ID, callbackData)
}

func (s *Server) press(c *chat, from *wireUser, msgID int, data string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.records[msgID]
	if r == nil || r.deleted || r.bot == nil {
		return "", ErrUnknownMessage
	}
	if !r.bot.HasButton(data) {
		return "", fmt.Errorf("%w: %q", ErrNoButton, data)
	}
	id := s.newCallbackLocked()
	s.enqueueLocked(c.id, map[string]any{"callback_query": map[string]any{
		"id":            id,
		"from":          from,
		"message":       r.wire,
		"chat_instance": fmt.Sprintf("%d", -c.id*7919),
		"data":          data,
	}})
	return id, nil
}

// SendPhoto sends a photo (JPEG or PNG bytes) with an optional caption. Its sizes'
// file_ids serve the bytes back through getFile.
func (u *User) SendPhoto(image []byte, caption string) *models.Message {
	return u.s.post(u.c, &u.info, u.s.photoFill(image, caption))
}

func (s *Server) photoFill(image []byte, caption string) func(w *wireMessage) {
	return func(w *wireMessage) {
		w.Photo = s.photoSizesLocked(image)
		w.Caption = caption
	}
}

func (s *Server) fileFill(kind, name, mimeType string, data []byte, caption string) func(w *wireMessage) {
	return func(w *wireMessage) {
		dir := map[string]string{"document": "documents", "video": "videos", "voice": "voice"}[kind]
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			ext = name[i:]
		}
		f := s.storeFileLocked(data, dir, ext)
		wf := &wireFile{FileID: f.id, FileUniqueID: f.uniqueID, MimeType: mimeType, FileSize: f.size}
		switch kind {
		case "document":
			wf.FileName = name
			w.Document = wf
		case "video":
			wf.FileName = name
			wf.Width, wf.Height, wf.Duration = 640, 360, 5
			w.Video = wf
		case "voice":
			wf.Duration = 3
			w.Voice = wf
		}
		w.Caption = caption
	}
}

// SendDocument sends a file as a document.
func (u *User) SendDocument(name, mimeType string, data []byte, caption string) *models.Message {
	return u.s.post(u.c, &u.info, u.s.fileFill("document", name, mimeType, data, caption))
}

// SendVideo sends an MP4 video.
func (u *User) SendVideo(data []byte, caption string) *models.Message {
	return u.s.post(u.c, &u.info, u.s.fileFill("video", "video.mp4", "video/mp4", data, caption))
}

// SendVoice sends a voice note (OGG/Opus).
func (u *User) SendVoice(data []byte) *models.Message {
	return u.s.post(u.c, &u.info, u.s.fileFill("voice", "voice.ogg", "audio/ogg", data, ""))
}

// AlbumItem is one photo, video or document of an album.
type AlbumItem struct {
	// Kind is "photo" (the default), "video" or "document".
	Kind     string
	Data     []byte
	FileName string
	MimeType string
	Caption  string
}

// SendAlbum sends items as one album: one message (and update) each, sharing a
// media_group_id, as Telegram does.
func (u *User) SendAlbum(items ...AlbumItem) []*models.Message {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.albumSeq++
	group := fmt.Sprintf("1%016d", s.albumSeq)
	out := make([]*models.Message, 0, len(items))
	for _, it := range items {
		var fill func(w *wireMessage)
		switch it.Kind {
		case "video":
			fill = s.fileFill("video", "video.mp4", "video/mp4", it.Data, it.Caption)
		case "document":
			fill = s.fileFill("document", it.FileName, it.MimeType, it.Data, it.Caption)
		default:
			fill = s.photoFill(it.Data, it.Caption)
		}
		w := s.postLocked(u.c, &u.info, func(w *wireMessage) {
			fill(w)
			w.MediaGroupID = group
		})
		out = append(out, toModel(w))
	}
	return out
}

// SendLocation shares a location.
func (u *User) SendLocation(lat, lon float64) *models.Message {
	return u.s.post(u.c, &u.info, func(w *wireMessage) {
		w.Location = &wireLocation{Latitude: lat, Longitude: lon}
	})
}

// SendContact shares the user's own contact (as the "share my phone" button
// does): user_id is the sender's.
func (u *User) SendContact(phone, firstName string) *models.Message {
	return u.s.post(u.c, &u.info, func(w *wireMessage) {
		w.Contact = &wireContact{PhoneNumber: phone, FirstName: firstName, UserID: u.info.ID}
	})
}

// SendSticker sends a sticker standing for emoji.
func (u *User) SendSticker(emoji string) *models.Message {
	s := u.s
	return s.post(u.c, &u.info, func(w *wireMessage) {
		f := s.storeFileLocked([]byte("RIFF\x00\x00\x00\x00WEBP"), "stickers", ".webp")
		w.Sticker = map[string]any{
			"file_id": f.id, "file_unique_id": f.uniqueID, "type": "regular",
			"width": 512, "height": 512, "is_animated": false, "is_video": false,
			"emoji": emoji, "file_size": f.size,
		}
	})
}

// SendPoll sends a regular anonymous poll.
func (u *User) SendPoll(question string, options ...string) *models.Message {
	s := u.s
	return s.post(u.c, &u.info, func(w *wireMessage) {
		s.albumSeq++
		opts := make([]map[string]any, len(options))
		for i, o := range options {
			opts[i] = map[string]any{"text": o, "voter_count": 0}
		}
		w.Poll = map[string]any{
			"id": fmt.Sprintf("5%015d", s.albumSeq), "question": question, "options": opts,
			"total_voter_count": 0, "is_closed": false, "is_anonymous": true,
			"type": "regular", "allows_multiple_answers": false,
		}
	})
}

// ForwardOrigin says where a forwarded message came from: a channel (title and
// optional username), a user, or a user who hides their account (HiddenUserName).
type ForwardOrigin struct {
	ChannelTitle    string
	ChannelUsername string
	User            *User
	HiddenUserName  string
}

// Forward sends text as forwarded from origin.
func (u *User) Forward(origin ForwardOrigin, text string) *models.Message {
	s := u.s
	return s.post(u.c, &u.info, func(w *wireMessage) {
		date := s.now().Add(-time1h).Unix()
		switch {
		case origin.ChannelTitle != "" || origin.ChannelUsername != "":
			title := origin.ChannelTitle
			if title == "" {
				title = origin.ChannelUsername
			}
			ch := map[string]any{"id": -1001000000000 - int64(len(title))*7 - int64(len(origin.ChannelUsername)), "type": "channel", "title": title}
			if origin.ChannelUsername != "" {
				ch["username"] = strings.TrimPrefix(origin.ChannelUsername, "@")
			}
			w.ForwardOrigin = map[string]any{"type": "channel", "chat": ch, "message_id": 42, "date": date}
		case origin.User != nil:
			w.ForwardOrigin = map[string]any{"type": "user", "sender_user": origin.User.info, "date": date}
		default:
			name := origin.HiddenUserName
			if name == "" {
				name = "Hidden"
			}
			w.ForwardOrigin = map[string]any{"type": "hidden_user", "sender_user_name": name, "date": date}
		}
		w.Text = text
	})
}

// Edit changes the text of a message the user sent and sends the edited_message
// update.
func (u *User) Edit(msg *models.Message, newText string) (*models.Message, error) {
	return u.s.edit(u.c, msg.ID, newText)
}

func (s *Server) edit(c *chat, msgID int, text string) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.records[msgID]
	if r == nil || r.deleted || r.fromBot {
		return nil, ErrUnknownMessage
	}
	if r.wire.Text != "" || r.wire.Caption == "" {
		r.wire.Text = text
		r.wire.Entities = nil
	} else {
		r.wire.Caption = text
	}
	r.wire.EditDate = s.now().Unix()
	s.enqueueLocked(c.id, map[string]any{"edited_message": r.wire})
	return toModel(r.wire), nil
}

// Push queues a raw update, as is but for update_id, which it sets and returns:
// for malformed or unknown update types.
func (u *User) Push(update map[string]any) int64 {
	return u.s.Push(u.c.id, update)
}

// Push queues a raw update for chatID (the chat it is ordered with for the
// webhook), as is but for update_id, which it sets and returns.
func (s *Server) Push(chatID int64, update map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := make(map[string]any, len(update)+1)
	for k, v := range update {
		cp[k] = v
	}
	return s.enqueueLocked(chatID, cp)
}

// BlockBot makes the user block the bot: sends fail with 403 and Telegram's
// my_chat_member update is sent.
func (u *User) BlockBot() { u.setBlocked(true) }

// UnblockBot undoes BlockBot (the user restarted the bot).
func (u *User) UnblockBot() { u.setBlocked(false) }

func (u *User) setBlocked(blocked bool) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.c.blocked == blocked {
		return
	}
	u.c.blocked = blocked
	oldStatus, newStatus := "member", "kicked"
	if !blocked {
		oldStatus, newStatus = "kicked", "member"
	}
	newMember := map[string]any{"user": s.botUser(), "status": newStatus}
	if blocked {
		newMember["until_date"] = 0
	}
	s.enqueueLocked(u.c.id, map[string]any{"my_chat_member": map[string]any{
		"chat":            u.c.wireChat(),
		"from":            u.info,
		"date":            s.now().Unix(),
		"old_chat_member": map[string]any{"user": s.botUser(), "status": oldStatus},
		"new_chat_member": newMember,
	}})
}
