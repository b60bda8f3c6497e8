package admin

import (
	"context"

	"github.com/tipline/tipline/campaign"
)

// campaignSource names the campaign a report came from as its kind and
// town, e.g. "学校 · 东山街道": enough for an officer to weigh the tip, and
// never the campaign's name, which for a visit to one family or one class
// would point at the reporter.
func (h *handler) campaignSource(ctx context.Context, id int64, locale string) (string, error) {
	c, err := h.campaigns().Get(ctx, id)
	if err != nil {
		return "", err
	}
	source := campaign.KindName(h.cfg, c.Kind, locale)
	if c.AreaCode != "" {
		source += " · " + campaign.AreaName(h.cfg, c.AreaCode, locale)
	}
	return source, nil
}
