package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Campaigns configures outreach campaigns (宣传活动): the kinds an office
// files them under and the words of the printed poster. Empty keys take the
// defaults below, so a config file names only what it changes.
type Campaigns struct {
	Kinds  []CampaignKind `yaml:"kinds"`
	Poster Poster         `yaml:"poster"`
}

// CampaignKind is one kind of outreach, such as a school visit.
type CampaignKind struct {
	Code string `yaml:"code"`
	Zh   string `yaml:"zh"`
	En   string `yaml:"en"`
}

// Name is the kind's name in a locale ("en" or Chinese for anything else).
func (k CampaignKind) Name(locale string) string { return Text{Zh: k.Zh, En: k.En}.In(locale) }

// Poster is the text of the printed A4 poster around the QR code.
type Poster struct {
	Headline Text   `yaml:"headline"`
	Lines    []Text `yaml:"lines"`
}

// KindList is the configured kinds, or the defaults when none are.
func (c Campaigns) KindList() []CampaignKind {
	if len(c.Kinds) == 0 {
		return DefaultCampaignKinds()
	}
	return c.Kinds
}

// Kind returns the kind with that code.
func (c Campaigns) Kind(code string) (CampaignKind, bool) {
	for _, k := range c.KindList() {
		if k.Code == code {
			return k, true
		}
	}
	return CampaignKind{}, false
}

// PosterText is the configured poster text, each part defaulted on its own.
func (c Campaigns) PosterText() Poster {
	p, d := c.Poster, DefaultPoster()
	if p.Headline.Zh == "" {
		p.Headline.Zh = d.Headline.Zh
	}
	if p.Headline.En == "" {
		p.Headline.En = d.Headline.En
	}
	if len(p.Lines) == 0 {
		p.Lines = d.Lines
	}
	return p
}

// DefaultCampaignKinds follow the office's outreach work: the 六进 visits
// (communities, schools, families, workplaces, villages, venues), the "6.27"
// youth programme, the education bases and the large events.
func DefaultCampaignKinds() []CampaignKind {
	return []CampaignKind{
		{"community", "社区", "Community"},
		{"school", "学校", "School"},
		{"family", "家庭", "Family"},
		{"workplace", "单位", "Workplace"},
		{"village", "农村", "Village"},
		{"venue", "场所", "Venue"},
		{"youth_627", "6.27青少年", "6.27 youth programme"},
		{"education_base", "教育基地", "Education base"},
		{"major_event", "大型活动", "Major event"},
		{"poster", "海报/其他", "Poster / other"},
	}
}

// DefaultPoster is the poster's text: what can be reported, how, and that
// nobody asks who the reporter is.
func DefaultPoster() Poster {
	return Poster{
		Headline: Text{Zh: "发现涉毒线索，扫码匿名举报", En: "Seen drug crime? Scan to report, anonymously"},
		Lines: []Text{
			{Zh: "贩毒、吸毒、制毒、种毒、容留吸毒、毒驾等线索都可以举报。", En: "Report dealing, drug use, manufacturing, growing, venues that harbour drug use, drug driving and more."},
			{Zh: "用手机扫描二维码，在网页上填写，无需下载应用、无需注册。", En: "Scan the code with your phone and fill in the web page: no app, no sign-up."},
			{Zh: "举报全程匿名：不问姓名、不要电话，凭回执码查询处理进展。", En: "Fully anonymous: no name, no phone number; check progress with your receipt code."},
		},
	}
}

var botUsernamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,30}[Bb][Oo][Tt]$`)

// validateCampaigns checks the kinds, the poster and the bot's username that
// Telegram links on posters are made from: a bad one would be printed.
func (c *Config) validateCampaigns(bad func(key, format string, args ...any)) {
	seen := map[string]bool{}
	for i, k := range c.Campaigns.Kinds {
		key := fmt.Sprintf("campaigns.kinds[%d]", i)
		switch {
		case !codePattern.MatchString(k.Code):
			bad(key+".code", "must be 1–32 of a-z, 0-9 and _, got %q", k.Code)
		case seen[k.Code]:
			bad(key+".code", "%q appears twice", k.Code)
		case strings.TrimSpace(k.Zh) == "" || strings.TrimSpace(k.En) == "":
			bad(key, "needs both zh and en names")
		}
		seen[k.Code] = true
	}
	if n := len(c.Campaigns.Poster.Lines); n > 5 {
		bad("campaigns.poster.lines", "at most 5 lines fit the poster, got %d", n)
	}
	for i, l := range c.Campaigns.Poster.Lines {
		if strings.TrimSpace(l.Zh) == "" || strings.TrimSpace(l.En) == "" {
			bad(fmt.Sprintf("campaigns.poster.lines[%d]", i), "needs both zh and en")
		}
	}
	if u := c.Bot.Username; u != "" && !botUsernamePattern.MatchString(strings.TrimPrefix(u, "@")) {
		bad("bot.username", "must be the bot's Telegram username (5–32 of A-Z, a-z, 0-9 and _, ending in bot), got %q", u)
	}
}

// BotUsername is bot.username without a leading @, or "" when unset.
func (c *Config) BotUsername() string { return strings.TrimPrefix(c.Bot.Username, "@") }
