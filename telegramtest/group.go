package telegramtest

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
)

const time1h = time.Hour

// Group is a simulated group chat with the bot in it (the office's chat, say).
type Group struct {
	chatView
}

// ErrNotGroup is returned by MigrateGroup for a chat that is not a basic group.
var ErrNotGroup = errors.New("telegramtest: not a basic group")

// NewGroup adds a basic group; its id is negative, as Telegram's are.
func (s *Server) NewGroup(title string) *Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupSeq++
	c := s.newChatLocked(-4000000000-s.groupSeq, "group", title)
	return &Group{chatView{s: s, c: c}}
}

// SendText sends text to the group as from.
func (g *Group) SendText(from *User, text string) *models.Message {
	return g.s.post(g.c, &from.info, textFill(text))
}

// SendCommand sends a command to the group as from, e.g. "/digest@tipline_bot".
func (g *Group) SendCommand(from *User, command string) *models.Message {
	return g.s.post(g.c, &from.info, commandFill(command))
}

// Press presses a button of a message the bot sent to the group, as from.
func (g *Group) Press(from *User, msg Message, callbackData string) (string, error) {
	return g.s.press(g.c, &from.info, msg.ID, callbackData)
}

// Push queues a raw update ordered with this group's updates.
func (g *Group) Push(update map[string]any) int64 {
	return g.s.Push(g.ChatID(), update)
}

// MigrateGroup upgrades a basic group to a supergroup, as Telegram does when a
// group grows: sends to the old id then fail with migrate_to_chat_id, service
// messages announce the move, and the Group keeps following the chat.
func (s *Server) MigrateGroup(oldID int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[oldID]
	if c == nil || c.kind != "group" {
		return 0, fmt.Errorf("%w: %d", ErrNotGroup, oldID)
	}
	newID := -1000000000000 + oldID // -4000000001 → -1004000000001
	from := &wireUser{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
	s.postLocked(c, from, func(w *wireMessage) { w.MigrateToChatID = newID })
	delete(s.chats, oldID)
	s.migrated[oldID] = newID
	c.id, c.kind = newID, "supergroup"
	s.chats[newID] = c
	s.postLocked(c, from, func(w *wireMessage) { w.MigrateFromChatID = oldID })
	return newID, nil
}
