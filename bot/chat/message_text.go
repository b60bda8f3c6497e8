package chat

import (
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/intake"
)

// messageText is what a message says, cleaned, as it goes into a
// description. A forwarded message is evidence: where it came from (the
// channel, group or user it was forwarded from — a dealer, not the reporter)
// heads its text, and links hidden behind words are spelled out.
func messageText(locale string, m *models.Message) string {
	text, entities := m.Text, m.Entities
	if text == "" && m.Caption != "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	forwarded := m.ForwardOrigin != nil
	if text == "" && !forwarded {
		return ""
	}
	var b strings.Builder
	if o := m.ForwardOrigin; o != nil && !forwardedFromSelf(m) {
		if head := originText(locale, o); head != "" {
			b.WriteString(head)
			b.WriteByte('\n')
		}
	}
	b.WriteString(text)
	var links []string
	for _, e := range entities {
		switch e.Type {
		case models.MessageEntityTypeTextLink:
			if e.URL != "" {
				links = append(links, e.URL)
			}
		case models.MessageEntityTypeTextMention:
			// A mention of an account without a username: the visible words
			// are in the text; the account is named by its username if any.
			if e.User != nil && e.User.Username != "" {
				links = append(links, "@"+e.User.Username)
			}
		}
	}
	if len(links) > 0 {
		b.WriteString("\n" + tr(locale, "forward.links"))
		for _, l := range links {
			b.WriteString("\n" + l)
		}
	}
	out := intake.CleanText(b.String())
	if forwarded && text == "" && hasFile(m) {
		out += "\n" + tr(locale, "forward.media")
	}
	return out
}

// originText names where a forwarded message came from.
func originText(locale string, o *models.MessageOrigin) string {
	switch {
	case o.MessageOriginChannel != nil:
		return tr(locale, "forward.channel", chatName(o.MessageOriginChannel.Chat))
	case o.MessageOriginChat != nil:
		return tr(locale, "forward.chat", chatName(o.MessageOriginChat.SenderChat))
	case o.MessageOriginUser != nil:
		u := o.MessageOriginUser.SenderUser
		name := strings.TrimSpace(u.FirstName + " " + u.LastName)
		if u.Username != "" {
			name = strings.TrimSpace(name + " @" + u.Username)
		}
		return tr(locale, "forward.user", name)
	case o.MessageOriginHiddenUser != nil:
		return tr(locale, "forward.hidden", o.MessageOriginHiddenUser.SenderUserName)
	}
	return ""
}

func chatName(c models.Chat) string {
	name := c.Title
	if c.Username != "" {
		name = strings.TrimSpace(name + " @" + c.Username)
	}
	return name
}

// forwardedFromSelf tells a reporter forwarding their own message: their name
// must not become part of the tip. A reporter who hides their account in
// forwards is named by the name Telegram shows, which is compared here, in
// memory, with their own names; nothing of them is kept either way.
func forwardedFromSelf(m *models.Message) bool {
	if m.From == nil {
		return false
	}
	if o := m.ForwardOrigin.MessageOriginUser; o != nil {
		return o.SenderUser.ID == m.From.ID
	}
	if o := m.ForwardOrigin.MessageOriginHiddenUser; o != nil {
		return ownName(m.From, o.SenderUserName)
	}
	return false
}

// ownName reports whether name is one the user goes by: their first or last
// name, both in either order (with or without a space between, as Chinese
// names are written), or their username.
func ownName(u *models.User, name string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	name = norm(strings.TrimPrefix(strings.TrimSpace(name), "@"))
	if name == "" {
		return false
	}
	first, last := norm(u.FirstName), norm(u.LastName)
	for _, own := range []string{first, last, first + " " + last, last + " " + first, first + last, last + first, norm(u.Username)} {
		if own = strings.TrimSpace(own); own != "" && own == name {
			return true
		}
	}
	return false
}
