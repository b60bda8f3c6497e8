package telegramtest

import (
	"context"
	"time"
)

// Button is one inline keyboard button of a message the bot sent.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// Message is a message the bot sent to a chat, as it stands now.
type Message struct {
	ID     int   `json:"id"`
	ChatID int64 `json:"chat_id"`
	// Kind is "text", "photo" or "document".
	Kind string `json:"kind"`
	// Text is the text or caption as the person sees it, markup removed.
	Text string `json:"text"`
	// RawText is the text or caption as the bot sent it, with its markup.
	RawText   string `json:"raw_text"`
	ParseMode string `json:"parse_mode,omitempty"`
	// InlineKeyboard is the message's current inline keyboard.
	InlineKeyboard [][]Button `json:"inline_keyboard,omitempty"`
	// ReplyKeyboard holds the button texts of a reply keyboard sent with the message.
	ReplyKeyboard       [][]string `json:"reply_keyboard,omitempty"`
	RemoveKeyboard      bool       `json:"remove_keyboard,omitempty"`
	ForceReply          bool       `json:"force_reply,omitempty"`
	ReplyToMessageID    int        `json:"reply_to_message_id,omitempty"`
	DisableNotification bool       `json:"disable_notification,omitempty"`
	DisableLinkPreview  bool       `json:"disable_link_preview,omitempty"`
	// FileID, FileName, MimeType and File describe a photo or document; the
	// control API serves File at /_emulator/files/{file_id}.
	FileID   string    `json:"file_id,omitempty"`
	FileName string    `json:"file_name,omitempty"`
	MimeType string    `json:"mime_type,omitempty"`
	File     []byte    `json:"-"`
	Deleted  bool      `json:"deleted,omitempty"`
	Edits    int       `json:"edits,omitempty"`
	Date     time.Time `json:"date"`
	// Mine marks a message the person sent (Transcript), not the bot.
	Mine bool `json:"mine,omitempty"`
}

// HasButton reports whether the current inline keyboard has a button with data.
func (m Message) HasButton(callbackData string) bool {
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == callbackData {
				return true
			}
		}
	}
	return false
}

// ButtonTexts lists the texts of the inline keyboard, row by row.
func (m Message) ButtonTexts() []string {
	var out []string
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

type record struct {
	wire    wireMessage
	fromBot bool
	deleted bool
	bot     *Message // for the bot's messages
}

type chat struct {
	id         int64
	kind       string // private, group, supergroup
	title      string
	user       *User // of a private chat
	blocked    bool
	nextMsgID  int
	records    map[int]*record
	order      []int
	botMsgs    []*Message
	sendTimes  []time.Time
	lastAction string
	bucket     bucket
}

func (s *Server) newChatLocked(id int64, kind, title string) *chat {
	c := &chat{id: id, kind: kind, title: title, nextMsgID: 1, records: map[int]*record{}}
	if kind == "private" {
		c.bucket = bucket{capacity: 3, perSecond: 1}
	} else {
		c.bucket = bucket{capacity: 20, perSecond: 20.0 / 60}
	}
	s.chats[id] = c
	return c
}

func (c *chat) wireChat() wireChat {
	wc := wireChat{ID: c.id, Type: c.kind, Title: c.title}
	if c.user != nil {
		wc.FirstName = c.user.info.FirstName
		wc.LastName = c.user.info.LastName
		wc.Username = c.user.info.Username
	}
	return wc
}

// addLocked remembers a new message of the chat, forgetting the oldest past the bound.
func (s *Server) addLocked(c *chat, r *record) {
	c.records[r.wire.MessageID] = r
	c.order = append(c.order, r.wire.MessageID)
	if r.bot != nil {
		c.botMsgs = append(c.botMsgs, r.bot)
	}
	for len(c.order) > s.opts.MaxMessagesPerChat {
		old := c.records[c.order[0]]
		delete(c.records, c.order[0])
		c.order = c.order[1:]
		if old != nil && old.bot != nil && len(c.botMsgs) > 0 && c.botMsgs[0] == old.bot {
			c.botMsgs = c.botMsgs[1:]
		}
	}
}

// chatView reads what the bot sent to one chat; User and Group embed it.
type chatView struct {
	s *Server
	c *chat
}

// ChatID is the chat's current id (a migrated group's is its supergroup's).
func (v chatView) ChatID() int64 {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	return v.c.id
}

// Messages are the messages the bot sent to the chat, oldest first, as they stand
// now (edited text and keyboard, deleted or not).
func (v chatView) Messages() []Message {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	return v.messagesLocked()
}

func (v chatView) messagesLocked() []Message {
	out := make([]Message, len(v.c.botMsgs))
	for i, m := range v.c.botMsgs {
		out[i] = *m
	}
	return out
}

// Transcript is the whole chat as the person sees it, oldest first: their
// own messages (Mine) between the bot's, which stand as they are now.
func (v chatView) Transcript() []Message {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	out := make([]Message, 0, len(v.c.order))
	for _, id := range v.c.order {
		r := v.c.records[id]
		switch {
		case r == nil:
		case r.bot != nil:
			out = append(out, *r.bot)
		case !r.fromBot:
			out = append(out, mine(r.wire, v.c.id))
		}
	}
	return out
}

// mine is a message the person sent, as Transcript shows it.
func mine(w wireMessage, chatID int64) Message {
	m := Message{ID: w.MessageID, ChatID: chatID, Kind: "text", Text: w.Text, Date: time.Unix(w.Date, 0), Mine: true}
	switch {
	case len(w.Photo) > 0:
		m.Kind, m.Text = "photo", w.Caption
	case w.Document != nil:
		m.Kind, m.Text, m.FileName = "document", w.Caption, w.Document.FileName
	case w.Location != nil:
		m.Kind = "location"
	}
	return m
}

// LastMessage is the newest message the bot sent to the chat that is not deleted.
func (v chatView) LastMessage() (Message, bool) {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	for i := len(v.c.botMsgs) - 1; i >= 0; i-- {
		if !v.c.botMsgs[i].Deleted {
			return *v.c.botMsgs[i], true
		}
	}
	return Message{}, false
}

// LastAction is the last chat action (typing, upload_photo, …) the bot sent.
func (v chatView) LastAction() string {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	return v.c.lastAction
}

// WaitFor waits until cond holds for the chat's messages, checking after every
// change, or until ctx is done or the server is closed.
func (v chatView) WaitFor(ctx context.Context, cond func([]Message) bool) error {
	for {
		v.s.mu.Lock()
		msgs := v.messagesLocked()
		changed := v.s.changed
		v.s.mu.Unlock()
		if cond(msgs) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-v.s.done:
			return ErrClosed
		case <-changed:
		}
	}
}
