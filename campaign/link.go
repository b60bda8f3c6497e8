package campaign

import (
	"net/url"

	"github.com/tipline/tipline/config"
)

// Links are where a campaign's poster sends people.
type Links struct {
	// Web is the web report with the campaign's code: the link a phone in
	// mainland China can open, and the one the poster leads with.
	Web string
	// Telegram is the bot's deep link with the code; "" when the campaign
	// has no Telegram code or bot.username is unset.
	Telegram string
}

// LinksFor makes a campaign's links from the public base URL and the bot's
// username.
func LinksFor(cfg *config.Config, c Campaign, code string) Links {
	l := Links{Web: cfg.PublicBaseURL() + "/r/?c=" + url.QueryEscape(code)}
	if u := cfg.BotUsername(); c.Telegram && u != "" {
		l.Telegram = "https://t.me/" + u + "?start=" + url.QueryEscape(code)
	}
	return l
}

// All lists the links, the web's first.
func (l Links) All() []string {
	if l.Telegram == "" {
		return []string{l.Web}
	}
	return []string{l.Web, l.Telegram}
}
