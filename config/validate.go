package config

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tipline/tipline/officer"
)

// MinKeyBytes is the least key material accepted for each of the three keys.
const MinKeyBytes = 32

var codePattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// CronParser is the schedule syntax every job uses: five fields or a descriptor
// such as @daily.
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Validate checks every key and fills what is derived (Location, the bot mode).
// Each problem names its key; all problems are reported at once.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: %s: %s", key, fmt.Sprintf(format, args...)))
	}

	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		bad("timezone", "unknown timezone %q (use an IANA name such as Asia/Shanghai)", c.Timezone)
	} else {
		c.Location = loc
	}
	for key, l := range map[string]string{"locale": c.Locale, "digest.locale": c.Digest.Locale} {
		if l != "zh-CN" && l != "en" {
			bad(key, "must be zh-CN or en, got %q", l)
		}
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "must be text or json, got %q", c.Log.Format)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}

	if c.Database.URL == "" {
		bad("database.url", "is required (or set TIPLINE_DATABASE_URL)")
	} else if u, err := url.Parse(c.Database.URL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		bad("database.url", "must be a postgres:// URL")
	}
	if c.Database.MaxOpenConns < 2 {
		bad("database.max_open_conns", "must be at least 2, got %d", c.Database.MaxOpenConns)
	}

	if c.Bot.Mode == "" && c.Bot.Token != "" {
		c.Bot.Mode = "polling"
	}
	switch c.Bot.Mode {
	case "":
		// No bot can start; Bot.RequireMode says why when one is asked to.
		// Commands and components that need no bot run on.
	case "polling", "webhook":
		if c.Bot.Token == "" {
			bad("bot.token", "is required in %s mode (or set TIPLINE_BOT_TOKEN)", c.Bot.Mode)
		} else if !regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,}$`).MatchString(c.Bot.Token) {
			bad("bot.token", "does not look like a Telegram bot token (digits:secret)")
		}
	case "sandbox":
		// The sandbox trusts whoever reaches it to be the developer at this
		// computer; a listener others can reach makes that false.
		for _, l := range []struct{ key, addr string }{{"admin.listen", c.Admin.Listen}, {"public.listen", c.Public.Listen}} {
			if l.addr != "" && !loopback(l.addr) {
				bad("bot.mode", "sandbox runs only on this computer, but %s (%s) is reachable from other hosts", l.key, l.addr)
			}
		}
	default:
		bad("bot.mode", "must be polling, webhook or sandbox, got %q", c.Bot.Mode)
	}
	if u, err := url.Parse(c.Bot.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("bot.api_url", "must be an http(s) URL, got %q", c.Bot.APIURL)
	}
	if c.Bot.Mode == "webhook" {
		if u, err := url.Parse(c.Bot.Webhook.URL); err != nil || u.Scheme != "https" || u.Host == "" {
			bad("bot.webhook.url", "must be an https URL in webhook mode")
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`).MatchString(c.Bot.Webhook.Secret) {
			bad("bot.webhook.secret", "must be 16–256 characters of A-Z, a-z, 0-9, _ and -")
		}
		if n := c.Bot.Webhook.MaxConnections; n < 1 || n > 100 {
			bad("bot.webhook.max_connections", "must be 1 to 100 (Telegram's range), got %d", n)
		}
	}
	positive := func(key string, n int64) {
		if n <= 0 {
			bad(key, "must be positive, got %d", n)
		}
	}
	positive("bot.workers", int64(c.Bot.Workers))
	positive("bot.draft_ttl", int64(c.Bot.DraftTTL))
	positive("bot.description_min", int64(c.Bot.DescriptionMin))
	positive("bot.max_files_per_tip", int64(c.Bot.MaxFilesPerTip))
	positive("bot.max_attempts", int64(c.Bot.MaxAttempts))
	if c.Bot.DescriptionMax < c.Bot.DescriptionMin || c.Bot.DescriptionMax > 20000 {
		bad("bot.description_max", "must be between bot.description_min and 20000, got %d", c.Bot.DescriptionMax)
	}
	if c.Bot.MaxFileBytes <= 0 || c.Bot.MaxFileBytes > 20<<20 {
		bad("bot.max_file_bytes", "must be between 1 and 20971520 (Telegram's download limit), got %d", c.Bot.MaxFileBytes)
	}
	if c.Bot.MaxTipBytes < c.Bot.MaxFileBytes {
		bad("bot.max_tip_bytes", "must be at least bot.max_file_bytes")
	}

	if _, _, err := net.SplitHostPort(c.Admin.Listen); err != nil {
		bad("admin.listen", "must be host:port, got %q", c.Admin.Listen)
	}
	if u, err := url.Parse(c.Admin.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("admin.base_url", "must be an http(s) URL, got %q", c.Admin.BaseURL)
	}
	positive("admin.session_idle", int64(c.Admin.SessionIdle))
	if c.Admin.SessionAbsolute < c.Admin.SessionIdle {
		bad("admin.session_absolute", "must be at least admin.session_idle")
	}
	for _, r := range c.Admin.TOTPRequiredRoles {
		if !officer.Role(r).Valid() {
			bad("admin.totp_required_roles", "unknown role %q", r)
		}
	}
	for _, p := range c.Admin.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			bad("admin.trusted_proxies", "%q is neither an address nor a CIDR", p)
		}
	}

	c.validatePublic(bad)

	c.validateKeys(bad)
	c.validateCampaigns(bad)
	c.validateNotify(bad)
	c.validateOutcomes(bad)
	c.validateRewards(bad)

	if len(c.Areas) == 0 {
		bad("areas", "at least one area is required")
	}
	seen := map[string]bool{}
	for i, a := range c.Areas {
		key := fmt.Sprintf("areas[%d]", i)
		switch {
		case !codePattern.MatchString(a.Code):
			bad(key+".code", "must be 1–32 of a-z, 0-9 and _, got %q", a.Code)
		case seen[a.Code]:
			bad(key+".code", "%q appears twice", a.Code)
		case strings.TrimSpace(a.Zh) == "" || strings.TrimSpace(a.En) == "":
			bad(key, "needs both zh and en names")
		}
		seen[a.Code] = true
	}
	if len(c.Categories) == 0 {
		bad("categories", "at least one category is required")
	}
	seen = map[string]bool{}
	for i, k := range c.Categories {
		key := fmt.Sprintf("categories[%d]", i)
		switch {
		case !codePattern.MatchString(k.Code) || k.Code == "self_help":
			bad(key+".code", "must be 1–32 of a-z, 0-9 and _ (and not self_help), got %q", k.Code)
		case seen[k.Code]:
			bad(key+".code", "%q appears twice", k.Code)
		case strings.TrimSpace(k.Zh) == "" || strings.TrimSpace(k.En) == "":
			bad(key, "needs both zh and en names")
		case k.Priority < 1 || k.Priority > 4:
			bad(key+".priority", "must be 1 (urgent) to 4 (low), got %d", k.Priority)
		}
		seen[k.Code] = true
	}

	for key, d := range map[string]Duration{
		"deadlines.triage_urgent": c.Deadlines.TriageUrgent, "deadlines.triage_high": c.Deadlines.TriageHigh,
		"deadlines.triage_normal": c.Deadlines.TriageNormal, "deadlines.triage_low": c.Deadlines.TriageLow,
		"deadlines.feedback": c.Deadlines.Feedback, "rewards.alert_before": c.Rewards.AlertBefore,
		"retention.actioned": c.Retention.Actioned, "retention.unfounded": c.Retention.Unfounded,
		"retention.duplicate": c.Retention.Duplicate, "retention.spam": c.Retention.Spam,
		"retention.out_of_scope": c.Retention.OutOfScope, "retention.help": c.Retention.Help,
		"retention.inbox": c.Retention.Inbox, "retention.outbox": c.Retention.Outbox,
		"jobs.lease": c.Jobs.Lease,
	} {
		if d <= 0 {
			bad(key, "must be a positive duration such as 12h or 30d")
		}
	}

	for key, spec := range map[string]string{"digest.daily": c.Digest.Daily, "digest.weekly": c.Digest.Weekly,
		"jobs.alerts": c.Jobs.Alerts, "jobs.purge": c.Jobs.Purge} {
		if _, err := CronParser.Parse(spec); err != nil {
			bad(key, "bad schedule %q: %v", spec, err)
		}
	}
	if c.Digest.MinAreaCount < 1 {
		bad("digest.min_area_count", "must be at least 1, got %d", c.Digest.MinAreaCount)
	}
	if c.Digest.ExcerptChars < 0 || c.Digest.ExcerptChars > 500 {
		bad("digest.excerpt_chars", "must be 0 to 500, got %d", c.Digest.ExcerptChars)
	}
	for _, e := range c.Digest.Emails {
		if _, err := mail.ParseAddress(e); err != nil {
			bad("digest.emails", "%q is not an email address", e)
		}
	}
	if len(c.Digest.Emails) > 0 {
		if c.SMTP.Host == "" {
			bad("smtp.host", "is required when digest.emails is set")
		}
		if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
			bad("smtp.from", "must be an email address when digest.emails is set")
		}
	}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		bad("smtp.port", "must be 1–65535, got %d", c.SMTP.Port)
	}
	if !slices.Contains([]string{"starttls", "tls", "none"}, c.SMTP.TLS) {
		bad("smtp.tls", "must be starttls, tls or none, got %q", c.SMTP.TLS)
	}

	for key, n := range map[string]int{
		"limits.tips_per_day": c.Limits.TipsPerDay, "limits.messages_per_minute": c.Limits.MessagesPerMinute,
		"limits.wrong_receipts_per_hour": c.Limits.WrongReceiptsPerHour, "limits.send_per_second": c.Limits.SendPerSecond,
		"limits.send_per_chat_second": c.Limits.SendPerChatSecond, "limits.send_per_group_minute": c.Limits.SendPerGroupMinute,
		"limits.login_failures_per_ip": c.Limits.LoginFailuresPerIP, "limits.login_failures_per_account": c.Limits.LoginFailuresPerAcc,
	} {
		if n <= 0 {
			bad(key, "must be positive, got %d", n)
		}
	}
	if c.SelfHelp.Info.Zh == "" || c.SelfHelp.Info.En == "" {
		bad("self_help.info", "needs both zh and en")
	}
	for i, t := range c.Education {
		if t.Zh == "" || t.En == "" {
			bad(fmt.Sprintf("education[%d]", i), "needs both zh and en")
		}
	}
	if c.Notices.Closed.Zh == "" || c.Notices.Closed.En == "" {
		bad("notices.closed", "needs both zh and en")
	}
	if c.Rewards.HowToClaim.Zh == "" || c.Rewards.HowToClaim.En == "" {
		bad("rewards.how_to_claim", "needs both zh and en")
	}
	return errors.Join(errs...)
}

// validatePublic checks the public listener and the web report. A listener
// others can reach must not be shared with the admin, and links citizens get
// must be https there: a QR code on a poster outlives any later fix.
func (c *Config) validatePublic(bad func(key, format string, args ...any)) {
	listen, shared := c.PublicListen()
	if !shared {
		if _, _, err := net.SplitHostPort(c.Public.Listen); err != nil {
			bad("public.listen", "must be host:port, got %q", c.Public.Listen)
		} else if c.Public.Listen == c.Admin.Listen {
			bad("public.listen", "must differ from admin.listen (leave it empty to share admin.listen in development)")
		}
	}
	public := c.Web.Enabled || c.Bot.Mode == "webhook"
	if shared && public && !loopback(c.Admin.Listen) {
		bad("public.listen", "is required when admin.listen (%s) is reachable from other hosts: the admin and the citizens' pages share a listener only on a loopback address, in development", c.Admin.Listen)
	}
	if c.Public.BaseURL == "" {
		if c.Web.Enabled && (!shared || !loopback(c.Admin.Listen)) {
			bad("public.base_url", "is required when the web report is served on public.listen or on a non-loopback admin.listen (e.g. https://jubao.example.cn)")
		}
	} else if u, err := url.Parse(c.Public.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		bad("public.base_url", "must be an absolute http(s) URL without user, query or fragment, got %q", c.Public.BaseURL)
	} else if u.Scheme == "http" && !loopback(listen) {
		bad("public.base_url", "must be https when the public listener (%s) is reachable from other hosts", listen)
	}

	if !c.Web.Enabled {
		return
	}
	for key, d := range map[string]Duration{"web.draft_ttl": c.Web.DraftTTL, "web.receipt_ttl": c.Web.ReceiptTTL, "web.min_fill": c.Web.MinFill} {
		if d <= 0 {
			bad(key, "must be a positive duration such as 3s, 1h or 2h")
		}
	}
	if c.Web.ReceiptTTL > Duration(time.Hour) {
		bad("web.receipt_ttl", "must be at most 1h: the receipt rests beside the draft only until its page is shown, got %v", c.Web.ReceiptTTL)
	}
	if c.Web.MinFill > Duration(time.Minute) {
		bad("web.min_fill", "must be at most 1m, or a quick reporter is taken for a script, got %v", c.Web.MinFill)
	}
	for key, n := range map[string]int{"web.reports_per_day": c.Web.ReportsPerDay,
		"web.checks_per_hour": c.Web.ChecksPerHour, "web.uploads_per_hour": c.Web.UploadsPerHour} {
		if n <= 0 {
			bad(key, "must be positive, got %d", n)
		}
	}
}

// validateKeys decodes each key and refuses one that does not look random or
// whose bytes equal another's: the same bytes written as two base64 strings
// (padded or not, standard or URL alphabet) are one key doing two jobs.
func (c *Config) validateKeys(bad func(key, format string, args ...any)) {
	type named struct {
		key string
		raw []byte
	}
	var good []named
	for _, k := range []struct{ key, value string }{
		{"keys.reporter", c.Keys.Reporter}, {"keys.seal", c.Keys.Seal}, {"keys.receipt", c.Keys.Receipt}, {"keys.totp", c.Keys.TOTP},
	} {
		if k.key == "keys.totp" && k.value == "" {
			continue // optional: keys.seal stands in
		}
		raw, err := DecodeKey(k.value)
		if err == nil {
			if why := weakKey(raw); why != "" {
				err = errors.New(why)
			}
		}
		if err != nil {
			bad(k.key, "%v (generate keys with `tipline keygen`)", err)
			continue
		}
		for _, g := range good {
			if bytes.Equal(g.raw, raw) {
				bad(k.key, "is the same key as %s (written differently); each key must be its own", g.key)
			}
		}
		good = append(good, named{k.key, raw})
	}
}

// loopback reports whether a listen address accepts only this machine.
func loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DecodeKey reads a base64 key of at least MinKeyBytes bytes.
func DecodeKey(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("is missing")
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) < MinKeyBytes {
				return nil, fmt.Errorf("is too short: %d bytes, need at least %d", len(b), MinKeyBytes)
			}
			return b, nil
		}
	}
	return nil, errors.New("is not base64")
}

// TOTPKey is the key sealing officers' TOTP secrets: keys.totp, or keys.seal
// when it is unset. Validate has checked it.
func (c *Config) TOTPKey() []byte {
	if c.Keys.TOTP == "" {
		_, seal, _ := c.KeyBytes()
		return seal
	}
	k, _ := DecodeKey(c.Keys.TOTP)
	return k
}

// KeyBytes returns the three decoded keys. Validate has checked them.
func (c *Config) KeyBytes() (reporter, seal, receipt []byte) {
	reporter, _ = DecodeKey(c.Keys.Reporter)
	seal, _ = DecodeKey(c.Keys.Seal)
	receipt, _ = DecodeKey(c.Keys.Receipt)
	return reporter, seal, receipt
}
