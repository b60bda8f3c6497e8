package campaign

import "github.com/tipline/tipline/config"

// KindName is a kind's name in a locale, or its code when the kind is no
// longer configured.
func KindName(cfg *config.Config, code, locale string) string {
	if k, ok := cfg.Campaigns.Kind(code); ok {
		return k.Name(locale)
	}
	return code
}

// AreaName is a town's name in a locale, or its code when no longer configured.
func AreaName(cfg *config.Config, code, locale string) string {
	if a, ok := cfg.Area(code); ok {
		return a.Name(locale)
	}
	return code
}
