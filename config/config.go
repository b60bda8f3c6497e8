// Package config owns Tipline's typed configuration: the YAML file, environment
// overrides for every key, defaults, and validation that names the bad key. It is
// parsed once in main and passed down; nothing reads it globally.
package config

import (
	"errors"
	"strings"
	"time"
)

// Config is the whole configuration. Field tags give the YAML key; the environment
// name of a key is TIPLINE_ + its dotted path upper-cased with _ for . (see Env).
type Config struct {
	Timezone   string     `yaml:"timezone"`
	Locale     string     `yaml:"locale"`
	Log        Log        `yaml:"log"`
	Database   Database   `yaml:"database"`
	Bot        Bot        `yaml:"bot"`
	Admin      Admin      `yaml:"admin"`
	Public     Public     `yaml:"public"`
	Web        Web        `yaml:"web"`
	Keys       Keys       `yaml:"keys"`
	Areas      []Area     `yaml:"areas"`
	Categories []Category `yaml:"categories"`
	Deadlines  Deadlines  `yaml:"deadlines"`
	Rewards    Rewards    `yaml:"rewards"`
	Retention  Retention  `yaml:"retention"`
	Digest     Digest     `yaml:"digest"`
	Jobs       Jobs       `yaml:"jobs"`
	SMTP       SMTP       `yaml:"smtp"`
	Limits     Limits     `yaml:"limits"`
	SelfHelp   SelfHelp   `yaml:"self_help"`
	Education  []Text     `yaml:"education"`
	Notices    Notices    `yaml:"notices"`
	Campaigns  Campaigns  `yaml:"campaigns"`
	Notify     Notify     `yaml:"notify"`
	Outcomes   Outcomes   `yaml:"outcomes"`

	// Location is Timezone, loaded by Validate.
	Location *time.Location `yaml:"-"`
}

// Log configures structured logging.
type Log struct {
	Format string `yaml:"format"` // text | json
	Level  string `yaml:"level"`  // debug | info | warn | error
}

// Database is the PostgreSQL connection.
type Database struct {
	URL          string `yaml:"url"`
	MaxOpenConns int    `yaml:"max_open_conns"`
}

// Bot configures the Telegram side.
type Bot struct {
	Token   string  `yaml:"token"`
	APIURL  string  `yaml:"api_url"`
	Mode    string  `yaml:"mode"` // polling | webhook | sandbox
	Webhook Webhook `yaml:"webhook"`
	// Workers is how many chats are processed at once; updates of one chat are
	// always processed in order, one at a time.
	Workers        int      `yaml:"workers"`
	DraftTTL       Duration `yaml:"draft_ttl"`
	DescriptionMin int      `yaml:"description_min"`
	DescriptionMax int      `yaml:"description_max"`
	MaxFileBytes   int64    `yaml:"max_file_bytes"`
	MaxFilesPerTip int      `yaml:"max_files_per_tip"`
	MaxTipBytes    int64    `yaml:"max_tip_bytes"`
	// KeepOriginals stores the uncleaned bytes of attachments beside the cleaned
	// ones. Off by default: originals may carry the reporter's GPS position.
	KeepOriginals bool `yaml:"keep_originals"`
	// MaxAttempts is how often a failing update is retried before it is parked.
	MaxAttempts int `yaml:"max_attempts"`

	// Username is the bot's Telegram username, for t.me links on posters:
	// the bot skips getMe, and an admin-only replica runs no bot.
	Username string `yaml:"username"`
}

// RequireMode says why the bot cannot start when neither bot.mode nor
// bot.token says how it runs. A missing token never means the sandbox: behind
// a reverse proxy a loopback listener is a production one, and a sandbox there
// looks healthy while no citizen can reach it. `make run` asks for the sandbox
// by name.
func (b Bot) RequireMode() error {
	if b.Mode != "" {
		return nil
	}
	return errors.New("config: bot.mode: is empty and bot.token is not set: set bot.token (TIPLINE_BOT_TOKEN) to run the Telegram bot, " +
		"or bot.mode: sandbox (TIPLINE_BOT_MODE=sandbox) to try it on this computer without Telegram")
}

// Webhook is used when Bot.Mode is webhook.
type Webhook struct {
	URL    string `yaml:"url"`
	Secret string `yaml:"secret"`
	// MaxConnections is how many updates Telegram posts at once (its
	// setWebhook max_connections, 1–100).
	MaxConnections int `yaml:"max_connections"`
}

// Admin configures the officers' web app and the HTTP listener.
type Admin struct {
	Listen            string   `yaml:"listen"`
	BaseURL           string   `yaml:"base_url"`
	SessionIdle       Duration `yaml:"session_idle"`
	SessionAbsolute   Duration `yaml:"session_absolute"`
	TOTPRequiredRoles []string `yaml:"totp_required_roles"`
	// TrustedProxies may set X-Forwarded-For; client addresses from anyone else
	// are taken from the connection.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// Public is the citizens' listener: the web report at /r/ and the Telegram
// webhook. It is kept apart from the admin so the admin can live on the
// office's network only.
type Public struct {
	// Listen is the public listener's address; empty shares admin.listen,
	// which only a loopback (development) address may do.
	Listen string `yaml:"listen"`
	// BaseURL is how citizens reach the public listener, used in links and QR
	// codes; empty means admin.base_url, which only development may rely on.
	BaseURL string `yaml:"base_url"`
}

// Web configures the mobile web report (H5) served at /r/.
type Web struct {
	Enabled bool `yaml:"enabled"`
	// DraftTTL: a web draft is erased after this much silence.
	DraftTTL Duration `yaml:"draft_ttl"`
	// ReceiptTTL: how long the sealed receipt stays with a submitted draft, so
	// a refresh after a lost response shows it again.
	ReceiptTTL Duration `yaml:"receipt_ttl"`
	// MinFill: a form posted sooner after it was served is taken for a script.
	MinFill Duration `yaml:"min_fill"`
	// Per-client limits, keyed by a daily-rotated HMAC of the address.
	ReportsPerDay  int `yaml:"reports_per_day"`
	ChecksPerHour  int `yaml:"checks_per_hour"`
	UploadsPerHour int `yaml:"uploads_per_hour"`
}

// Keys are the secrets of the anonymity model, base64 of at least 32 bytes each.
type Keys struct {
	Reporter string `yaml:"reporter"`
	Seal     string `yaml:"seal"`
	Receipt  string `yaml:"receipt"`
	// TOTP seals the officers' TOTP secrets. Optional: unset, Seal does it,
	// which start-up warns of on a server others can reach.
	TOTP string `yaml:"totp"`
}

// Area is one of the city's subdistricts (街道), towns (镇) or townships (乡).
type Area struct {
	Code string `yaml:"code"`
	Zh   string `yaml:"zh"`
	En   string `yaml:"en"`
}

// Category is a kind of drug crime a reporter can choose.
type Category struct {
	Code string `yaml:"code"`
	Zh   string `yaml:"zh"`
	En   string `yaml:"en"`
	// Priority suggested for a tip of this category: 1 urgent, 2 high, 3 normal, 4 low.
	Priority int `yaml:"priority"`
}

// Deadlines per priority.
type Deadlines struct {
	TriageUrgent Duration `yaml:"triage_urgent"`
	TriageHigh   Duration `yaml:"triage_high"`
	TriageNormal Duration `yaml:"triage_normal"`
	TriageLow    Duration `yaml:"triage_low"`
	// Feedback is how long after forwarding the receiving unit's feedback is due.
	Feedback Duration `yaml:"feedback"`
}

// Rewards follow the national rule for drug-crime report rewards (see
// rewards.go for the tiers and the calendar).
type Rewards struct {
	// NotifyWorkingDays: an approved reward is notified to the reporter
	// within this many working days of the day the case was solved.
	NotifyWorkingDays int `yaml:"notify_working_days"`
	// ClaimMonths: the reporter claims a notified reward within this many
	// calendar months of the notice.
	ClaimMonths int `yaml:"claim_months"`
	// HowToClaim is told to the reporter with the notice.
	HowToClaim Text `yaml:"how_to_claim"`
	// AlertBefore: supervisors are alerted this long before a reward deadline.
	AlertBefore Duration `yaml:"alert_before"`
	// SeizureTiers and CategoryRanges compute a suggested amount; an amount
	// outside it needs the proposer's reason.
	SeizureTiers   []SeizureTier   `yaml:"seizure_tiers"`
	CategoryRanges []CategoryRange `yaml:"category_ranges"`
	// Calendar adds to or overrides the official calendar of holidays and
	// make-up working days.
	Calendar Calendar `yaml:"calendar"`
}

// Retention says how long closed tips and working rows are kept.
type Retention struct {
	Actioned   Duration `yaml:"actioned"`
	Unfounded  Duration `yaml:"unfounded"`
	Duplicate  Duration `yaml:"duplicate"`
	Spam       Duration `yaml:"spam"`
	OutOfScope Duration `yaml:"out_of_scope"`
	Help       Duration `yaml:"help"`
	Inbox      Duration `yaml:"inbox"`
	Outbox     Duration `yaml:"outbox"`
}

// Digest configures the daily and weekly digests and where they go.
type Digest struct {
	Daily         string   `yaml:"daily"`
	Weekly        string   `yaml:"weekly"`
	TelegramChats []int64  `yaml:"telegram_chats"`
	Emails        []string `yaml:"emails"`
	// MinAreaCount: per-area counts below it are shown as "<N" so a digest never
	// narrows a tip down to a street.
	MinAreaCount int `yaml:"min_area_count"`
	// ExcerptChars > 0 adds that many characters of each urgent tip's description.
	ExcerptChars int    `yaml:"excerpt_chars"`
	Locale       string `yaml:"locale"`
}

// Jobs configures the other scheduled work.
type Jobs struct {
	Alerts string `yaml:"alerts"`
	Purge  string `yaml:"purge"`
	// DutyChat receives triage-deadline alerts; SupervisorChat feedback and
	// reward alerts. 0 disables.
	DutyChat       int64    `yaml:"duty_chat"`
	SupervisorChat int64    `yaml:"supervisor_chat"`
	Lease          Duration `yaml:"lease"`
}

// SMTP is the mail server for emailed digests.
type SMTP struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	From     string `yaml:"from"`
	TLS      string `yaml:"tls"` // starttls | tls | none (none only for a local relay)
}

// Limits protect the line from floods and guessing.
type Limits struct {
	TipsPerDay           int `yaml:"tips_per_day"`
	MessagesPerMinute    int `yaml:"messages_per_minute"`
	WrongReceiptsPerHour int `yaml:"wrong_receipts_per_hour"`
	// Telegram's own limits, honoured by the sender.
	SendPerSecond       int `yaml:"send_per_second"`
	SendPerChatSecond   int `yaml:"send_per_chat_second"`
	SendPerGroupMinute  int `yaml:"send_per_group_minute"`
	LoginFailuresPerIP  int `yaml:"login_failures_per_ip"`
	LoginFailuresPerAcc int `yaml:"login_failures_per_account"`
}

// SelfHelp is the "help to quit drugs" menu.
type SelfHelp struct {
	Info              Text `yaml:"info"`
	CounsellorEnabled bool `yaml:"counsellor_enabled"`
}

// Notices are words from the office sent to reporters.
type Notices struct {
	Closed Text `yaml:"closed"`
	// Emergency replaces the intake's advice for "happening now" (call 110,
	// text 12110); empty keeps it.
	Emergency Text `yaml:"emergency"`
}

// Text is something a citizen reads, in both languages.
type Text struct {
	Zh string `yaml:"zh"`
	En string `yaml:"en"`
}

// In returns the text for a locale, falling back to Chinese.
func (t Text) In(locale string) string {
	if locale == "en" && t.En != "" {
		return t.En
	}
	return t.Zh
}

// Name is the area's name in a locale ("en" or Chinese for anything else).
func (a Area) Name(locale string) string { return Text{Zh: a.Zh, En: a.En}.In(locale) }

// Name is the category's name in a locale ("en" or Chinese for anything else).
func (k Category) Name(locale string) string { return Text{Zh: k.Zh, En: k.En}.In(locale) }

// Area returns the configured area with that code.
func (c *Config) Area(code string) (Area, bool) {
	for _, a := range c.Areas {
		if a.Code == code {
			return a, true
		}
	}
	return Area{}, false
}

// Category returns the configured category with that code.
func (c *Config) Category(code string) (Category, bool) {
	for _, k := range c.Categories {
		if k.Code == code {
			return k, true
		}
	}
	return Category{}, false
}

// PublicListen is the address the web report and the webhook are served on,
// and whether that listener is the admin's own.
func (c *Config) PublicListen() (addr string, shared bool) {
	if c.Public.Listen == "" {
		return c.Admin.Listen, true
	}
	return c.Public.Listen, false
}

// PublicBaseURL is the citizens' base URL without a trailing slash: links and
// QR codes are made from it.
func (c *Config) PublicBaseURL() string {
	u := c.Public.BaseURL
	if u == "" {
		u = c.Admin.BaseURL
	}
	return strings.TrimRight(u, "/")
}

// TriageDeadline is how long a tip of the given priority may wait for triage.
func (d Deadlines) TriageDeadline(priority int) time.Duration {
	switch priority {
	case 1:
		return d.TriageUrgent.D()
	case 2:
		return d.TriageHigh.D()
	case 3:
		return d.TriageNormal.D()
	default:
		return d.TriageLow.D()
	}
}

// For returns the retention of a closed tip with that resolution, or of a
// self-help question when kind is "help".
func (r Retention) For(kind, resolution string) time.Duration {
	if kind == "help" {
		return r.Help.D()
	}
	switch resolution {
	case "actioned":
		return r.Actioned.D()
	case "unfounded":
		return r.Unfounded.D()
	case "duplicate":
		return r.Duplicate.D()
	case "spam":
		return r.Spam.D()
	default:
		return r.OutOfScope.D()
	}
}
