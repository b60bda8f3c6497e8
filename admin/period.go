package admin

import (
	"net/http"
	"time"

	"github.com/tipline/tipline/campaign"
)

// period reads ?from=&to= (dates, both days included) in the office's time
// zone as [from, to); the last days days up to today when absent, and
// reports false when they were given but bad.
func (h *handler) period(r *http.Request, days int) (from, to time.Time, ok bool) {
	now := h.now().In(h.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.loc)
	to, from = today.AddDate(0, 0, 1), today.AddDate(0, 0, 1-days)
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" {
		return from, to, true
	}
	f, err1 := time.ParseInLocation(campaign.DateLayout, q.Get("from"), h.loc)
	t, err2 := time.ParseInLocation(campaign.DateLayout, q.Get("to"), h.loc)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > 20*366*24*time.Hour {
		return from, to, false
	}
	return f, t.AddDate(0, 0, 1), true
}
