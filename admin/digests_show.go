package admin

import (
	"context"
	"net/http"
	"time"
)

// DigestSource is what the digests page asks the scheduler: the digests it
// stored and what became of their deliveries, and a digest built now without
// storing or sending it.
type DigestSource interface {
	History(ctx context.Context, limit int) ([]DigestRun, error)
	Preview(ctx context.Context, at time.Time, weekly bool) (DigestPreview, error)
}

// DigestRun is one stored digest.
type DigestRun struct {
	ID          int64
	Job         string
	PeriodStart time.Time
	PeriodEnd   time.Time
	// Late: built after its period's time, as when no replica ran the job then.
	Late       bool
	CreatedAt  time.Time
	TextZh     string
	TextEn     string
	Deliveries []DigestDelivery
}

// DigestDelivery is a digest's delivery on one channel ("telegram", "email")
// to one target: an office chat or an officer's address, never a reporter.
type DigestDelivery struct {
	Channel   string
	Target    string
	State     string
	Attempts  int
	LastError string
	SentAt    *time.Time
}

// DigestPreview is a digest as it would be sent now.
type DigestPreview struct {
	Job         string
	PeriodStart time.Time
	PeriodEnd   time.Time
	TextZh      string
	TextEn      string
}

// digestHistoryLimit is how many stored digests the page lists: two months of
// dailies and their weeklies.
const digestHistoryLimit = 70

type digestsData struct {
	Available bool
	Runs      []DigestRun
	// Preview is set on /digests/preview; Weekly says which one.
	Preview *DigestPreview
	Weekly  bool
}

// showDigests lists the stored digests with their deliveries and texts.
func (h *handler) showDigests(w http.ResponseWriter, r *http.Request) {
	h.renderDigests(w, r, nil, false)
}

// previewDigest builds the daily or weekly digest of the latest period as it
// would be sent now, and shows it above the history. Nothing is stored or sent.
func (h *handler) previewDigest(w http.ResponseWriter, r *http.Request) {
	weekly := r.URL.Query().Get("period") == "weekly"
	if h.digests == nil {
		h.renderDigests(w, r, nil, weekly)
		return
	}
	p, err := h.digests.Preview(r.Context(), h.now(), weekly)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderDigests(w, r, &p, weekly)
}

func (h *handler) renderDigests(w http.ResponseWriter, r *http.Request, preview *DigestPreview, weekly bool) {
	d := digestsData{Available: h.digests != nil, Preview: preview, Weekly: weekly}
	if h.digests != nil {
		var err error
		if d.Runs, err = h.digests.History(r.Context(), digestHistoryLimit); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	v := h.view(w, r, "digests")
	v.D = d
	h.render(w, r, v, http.StatusOK)
}
