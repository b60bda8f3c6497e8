package config

import (
	"net"
	"net/url"
	"slices"

	"github.com/tipline/tipline/officer"
)

// Risk is a setting that is unsafe on a server others can reach.
type Risk struct {
	// Key is the configuration key to change.
	Key    string
	Reason string
	// Component is the part of serve the risk belongs to ("admin"), or ""
	// for every part.
	Component string
	// Fatal risks refuse the start; the others are warned of at every start.
	Fatal bool
}

func (r Risk) Error() string { return "config: " + r.Key + ": " + r.Reason }

// Exposed reports whether others than this computer reach the server: a
// listener, or a base URL (a reverse proxy in front), that is not loopback.
func (c *Config) Exposed() bool {
	for _, addr := range []string{c.Admin.Listen, c.Public.Listen} {
		if addr != "" && !loopback(addr) {
			return true
		}
	}
	for _, base := range []string{c.Admin.BaseURL, c.Public.BaseURL} {
		if base != "" && !localURL(base) {
			return true
		}
	}
	return false
}

// ProductionRisks lists the unsafe settings of an exposed server, none in
// development. Validate has run.
func (c *Config) ProductionRisks() []Risk {
	if !c.Exposed() {
		return nil
	}
	var risks []Risk
	if !slices.Contains(c.Admin.TOTPRequiredRoles, string(officer.RoleAdmin)) {
		risks = append(risks, Risk{Key: "admin.totp_required_roles", Component: "admin", Fatal: true,
			Reason: "must include admin on a server others can reach: an admin's password alone would open every tip and every account"})
	}
	if u, err := url.Parse(c.Admin.BaseURL); err == nil && u.Scheme != "https" {
		risks = append(risks, Risk{Key: "admin.base_url", Component: "admin", Fatal: true,
			Reason: "must be https on a server others can reach: with http the session cookies lack Secure and cross the network in clear"})
	}
	if c.Web.Enabled && c.Public.BaseURL != "" {
		if u, err := url.Parse(c.Public.BaseURL); err == nil && u.Scheme != "https" {
			risks = append(risks, Risk{Key: "public.base_url", Fatal: true,
				Reason: "must be https on a server others can reach: with http the web report's cookies lack Secure and what citizens type crosses the network in clear"})
		}
	}
	if c.Keys.TOTP == "" {
		risks = append(risks, Risk{Key: "keys.totp", Component: "admin",
			Reason: "is not set, so keys.seal also seals the officers' TOTP secrets: one key doing two jobs (generate one with `tipline keygen`)"})
	}
	if c.Bot.KeepOriginals {
		risks = append(risks, Risk{Key: "bot.keep_originals", Component: "bot",
			Reason: "is on: uncleaned originals of evidence are kept, and they may carry the reporter's GPS position"})
	}
	return risks
}

// localURL reports whether a base URL names this computer.
func localURL(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
