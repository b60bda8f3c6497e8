package webreport

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// The web's own limits per client (web.reports_per_day, web.checks_per_hour,
// web.uploads_per_hour) hold beside the core's limits for every channel: a
// web client is an address, which a household or a school's network shares,
// so the office sets them apart. They count in the core's intake_limits,
// under the client's key of the day.

// limitUploads counts the evidence files a client sent this hour.
const limitUploads intake.LimitKind = "web_uploads"

// webLimited reports whether client has reached limit events of kind in the
// current window; a limit of zero or less is none.
func (h *handler) webLimited(ctx context.Context, tx *sqlx.Tx, client intake.Key, kind intake.LimitKind, window time.Duration, limit int) (bool, error) {
	if limit <= 0 {
		return false, nil
	}
	n, err := h.core.Count(ctx, tx, client, kind, window)
	return n >= limit, err
}
