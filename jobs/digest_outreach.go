package jobs

import (
	"fmt"
	"strings"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/config"
)

// outreach is the line of the week's reports by campaign kind.
func (r *digestResults) outreach(cfg *config.Config, w words) string {
	parts := make([]string, len(r.Sources))
	for i, src := range r.Sources {
		name := w.noCampaign
		if src.Kind != campaign.NoCampaign {
			name = campaign.KindName(cfg, src.Kind, w.locale)
		}
		parts[i] = name + " " + src.Count.Show(cfg.Digest.MinAreaCount)
	}
	line := fmt.Sprintf(w.outreach, strings.Join(parts, w.listSep))
	for _, src := range r.Sources {
		if src.Count.Guard {
			return line + w.guardNote
		}
	}
	return line
}
