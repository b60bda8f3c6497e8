package webreport

import (
	"context"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/campaign"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// stepPaths are the pages of the steps, in the core's order for the web.
var stepPaths = map[intake.Step]string{
	intake.StepCategory:    "/r/",
	intake.StepArea:        "/r/where",
	intake.StepOccurred:    "/r/when",
	intake.StepDescription: "/r/description",
	intake.StepEvidence:    "/r/evidence",
	intake.StepReview:      "/r/review",
}

// stepPages are the templates of the steps.
var stepPages = map[intake.Step]string{
	intake.StepCategory:    "start",
	intake.StepArea:        "where",
	intake.StepOccurred:    "when",
	intake.StepDescription: "description",
	intake.StepEvidence:    "evidence",
	intake.StepReview:      "review",
}

// stepView is what a step's page shows: the report so far and the choices.
type stepView struct {
	Step   intake.Step
	Number int // 1-based, of Total steps before the review
	Total  int
	Back   string // the previous step's page; "" on the first
	Action string // where the step's form posts
	Report *intake.Report
	Files  []intake.File
	// Warn are the files whose hidden data cannot be removed and whose
	// warning the reporter has not answered.
	Warn    map[int64]bool
	Outcome []fileOutcome
	Now     bool // "happening now": the emergency advice is shown
	Receipt bool // a submitted report's receipt can still be shown
	// FromReview: the page was opened from the review, and goes back there.
	FromReview bool
	// Typed is what the reporter typed when it could not be taken (too
	// long), shown back so nothing is lost.
	Typed string
	// Campaign is the verified code of the poster the page was opened from
	// (/r/?c=), carried by the first step's form to the new report.
	Campaign string
}

// showStep renders the page of st for the request's draft.
func (h *handler) showStep(st intake.Step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
			d, err := h.openDraft(r.Context(), tx, r)
			if err != nil {
				return err
			}
			if st == intake.StepReview && !d.submitted() {
				if missing := d.report().Missing(intake.Web); missing != "" {
					return h.renderStep(r.Context(), tx, w, r, d, missing, "step.missing", http.StatusOK)
				}
			}
			if st == intake.StepEvidence && len(d.x.Outcome) > 0 {
				// The last upload's outcome is shown once: the next visit starts clean.
				shown := d.x.Outcome
				d.x.Outcome = nil
				if err := h.saveDraft(r.Context(), tx, w, d); err != nil {
					return err
				}
				d.x.Outcome = shown
			}
			notice := ""
			if d.lost {
				notice = "error.draft_expired"
			}
			return h.renderStep(r.Context(), tx, w, r, d, st, notice, http.StatusOK)
		})
		if err != nil {
			h.fail(w, r, err)
		}
	}
}

// noticeText is a notice of a step's page, with the figure it names.
func (h *handler) noticeText(locale, key string) string {
	switch key {
	case "report.description.short":
		return translate(locale, key, h.core.DescriptionMin())
	case "description.long":
		return translate(locale, key, h.core.DescriptionMax())
	case "error.draft_expired", "error.draft_gone":
		return translate(locale, key, duration(locale, h.cfg.Web.DraftTTL.D()))
	case "report.limit_tips":
		n := h.cfg.Limits.TipsPerDay
		if w := h.cfg.Web.ReportsPerDay; w > 0 && (n <= 0 || w < n) {
			n = w
		}
		return translate(locale, key, n)
	}
	return translate(locale, key)
}

// renderStep renders st's page with a notice (a key of the catalogue, or "").
// A submitted draft shows as a new, empty report.
func (h *handler) renderStep(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, r *http.Request, d *webDraft, st intake.Step, notice string, status int) error {
	return h.renderStepWith(ctx, tx, w, r, d, st, notice, status, nil)
}

// renderStepWith is renderStep with a last word on the page's data.
func (h *handler) renderStepWith(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, r *http.Request, d *webDraft, st intake.Step, notice string, status int, more func(*stepView)) error {
	v := h.view(r, stepPages[st])
	sv := &stepView{Step: st, Total: len(intake.Steps(intake.Web)) - 1, Action: stepPaths[st], Report: &intake.Report{}}
	if st == intake.StepCategory {
		sv.Action = "/r/category"
		if _, ok := campaign.SignerFor(h.cfg).Verify(r.URL.Query().Get("c")); ok {
			sv.Campaign = r.URL.Query().Get("c")
		}
	}
	for i, s := range intake.Steps(intake.Web) {
		if s == st {
			sv.Number = i + 1
		}
	}
	if prev := intake.Prev(intake.Web, st); prev != st {
		sv.Back = stepPaths[prev]
	}
	sv.Receipt = d.submitted()
	sv.FromReview = r.FormValue("from") == "review"
	if !d.submitted() && d.d != nil && d.d.Report != nil {
		sv.Report = d.d.Report
		sv.Outcome = d.x.Outcome
		if st == intake.StepEvidence || st == intake.StepReview {
			files, err := h.core.Files(ctx, tx, d.key)
			if err != nil {
				return err
			}
			sv.Files = files
			sv.Warn = map[int64]bool{}
			for _, f := range files {
				if f.Pending {
					sv.Warn[f.ID] = true
				}
			}
		}
	}
	sv.Now = sv.Report.Occurred == string(queue.OccurredNow)
	if notice != "" {
		v.Notice, v.Error = h.noticeText(v.Locale, notice), true
	}
	if more != nil {
		more(sv)
	}
	v.D = sv
	h.render(w, v, status)
	return nil
}
