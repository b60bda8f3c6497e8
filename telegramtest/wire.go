package telegramtest

import "encoding/json"

// The wire types carry Telegram's JSON field names for the objects the emulator
// sends; they hold only the fields it fills.

type wireUser struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name,omitempty"`
	Username                string `json:"username,omitempty"`
	LanguageCode            string `json:"language_code,omitempty"`
	CanJoinGroups           bool   `json:"can_join_groups,omitempty"`
	CanReadAllGroupMessages bool   `json:"can_read_all_group_messages,omitempty"`
	SupportsInlineQueries   bool   `json:"supports_inline_queries,omitempty"`
}

type wireChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

type wireEntity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

type wirePhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int64  `json:"file_size,omitempty"`
}

type wireFile struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int64  `json:"file_size,omitempty"`
	Width        int    `json:"width,omitempty"`
	Height       int    `json:"height,omitempty"`
	Duration     int    `json:"duration,omitempty"`
}

type wireContact struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name,omitempty"`
	UserID      int64  `json:"user_id,omitempty"`
}

type wireLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type wireMessage struct {
	MessageID          int             `json:"message_id"`
	From               *wireUser       `json:"from,omitempty"`
	Date               int64           `json:"date"`
	Chat               wireChat        `json:"chat"`
	ForwardOrigin      map[string]any  `json:"forward_origin,omitempty"`
	ReplyToMessage     *wireMessage    `json:"reply_to_message,omitempty"`
	EditDate           int64           `json:"edit_date,omitempty"`
	MediaGroupID       string          `json:"media_group_id,omitempty"`
	Text               string          `json:"text,omitempty"`
	Entities           []wireEntity    `json:"entities,omitempty"`
	LinkPreviewOptions json.RawMessage `json:"link_preview_options,omitempty"`
	Document           *wireFile       `json:"document,omitempty"`
	Photo              []wirePhotoSize `json:"photo,omitempty"`
	Sticker            map[string]any  `json:"sticker,omitempty"`
	Video              *wireFile       `json:"video,omitempty"`
	Voice              *wireFile       `json:"voice,omitempty"`
	Caption            string          `json:"caption,omitempty"`
	CaptionEntities    []wireEntity    `json:"caption_entities,omitempty"`
	Contact            *wireContact    `json:"contact,omitempty"`
	Location           *wireLocation   `json:"location,omitempty"`
	Poll               map[string]any  `json:"poll,omitempty"`
	MigrateToChatID    int64           `json:"migrate_to_chat_id,omitempty"`
	MigrateFromChatID  int64           `json:"migrate_from_chat_id,omitempty"`
	ReplyMarkup        json.RawMessage `json:"reply_markup,omitempty"`
}

// shallow returns the message as it appears inside another one: Telegram does not
// nest reply_to_message further.
func (m wireMessage) shallow() *wireMessage {
	m.ReplyToMessage = nil
	return &m
}
