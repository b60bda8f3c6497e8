package chat

import (
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/intake"
)

// The steps of the report wizard: the core's, in its order, and the bot's
// own screen for choosing what to change from the review.
const (
	stepCategory    = intake.StepCategory
	stepArea        = intake.StepArea
	stepOccurred    = intake.StepOccurred
	stepDescription = intake.StepDescription
	stepEvidence    = intake.StepEvidence
	stepConsent     = intake.StepContact
	stepReview      = intake.StepReview
	stepEdit        = intake.Step("edit")
)

const areasPerPage = 8

// startReport begins a report, or takes the reporter back to the one they
// have in progress.
func (s *session) startReport() error {
	if s.d != nil && s.d.Report != nil {
		return s.showStep(tr(s.locale, "report.resume"))
	}
	if s.d == nil {
		s.d = &draft{}
	}
	s.d.Report = &report{Step: stepCategory}
	return s.showStep("")
}

// ensureReport starts a report from something sent outside any flow.
func (s *session) ensureReport() (started bool) {
	if s.d == nil {
		s.d = &draft{}
	}
	if s.d.Report == nil {
		s.d.Report = &report{Step: stepCategory}
		return true
	}
	return false
}

// advance moves past a completed step: to the next one, or back to the
// review when the reporter was changing one answer.
func (s *session) advance(prefix string) error {
	r := s.d.Report
	if r.Editing {
		r.Editing = false
		r.Step = stepReview
		return s.showStep(prefix)
	}
	r.Step = intake.Next(intake.Telegram, r.Step)
	return s.showStep(prefix)
}

// back returns to the previous step.
func (s *session) back() error {
	r := s.d.Report
	r.Step = intake.Prev(intake.Telegram, r.Step)
	r.Editing = false
	return s.showStep("")
}

// showStep shows the current step, with an optional line above it.
func (s *session) showStep(prefix string) error {
	text, kb := s.stepView()
	if prefix != "" {
		text = prefix + "\n\n" + text
	}
	return s.showWizard(text, kb)
}

func (s *session) navRow(back bool) []models.InlineKeyboardButton {
	row := []models.InlineKeyboardButton{}
	if back {
		row = append(row, s.btn("btn.back", "r:back"))
	}
	return append(row, s.btn("btn.cancel", "r:cancel"))
}

// stepView is the text and keyboard of the current step.
func (s *session) stepView() (string, *models.InlineKeyboardMarkup) {
	r := s.d.Report
	switch r.Step {
	case stepArea:
		return tr(s.locale, "report.area.ask"), s.areaKeyboard(r.AreaPage)
	case stepOccurred:
		return tr(s.locale, "report.occurred.ask"), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.occ.now", "o:now"), s.btn("btn.occ.today", "o:today")},
			[]models.InlineKeyboardButton{s.btn("btn.occ.this_week", "o:this_week"), s.btn("btn.occ.earlier", "o:earlier")},
			s.navRow(true),
		)
	case stepDescription:
		text := tr(s.locale, "report.description.ask")
		if n := r.DescriptionLen(); n > 0 {
			text = tr(s.locale, "report.description.added", n) + "\n\n" + text
		}
		return text, keyboard([]models.InlineKeyboardButton{s.btn("btn.done", "d:done")}, s.navRow(true))
	case stepEvidence:
		n, _, _ := s.fileTotals()
		text, done := tr(s.locale, "report.evidence.ask"), "btn.skip"
		if n > 0 {
			text, done = tr(s.locale, "report.evidence.saved", n), "btn.done"
		}
		return text, keyboard([]models.InlineKeyboardButton{s.btn(done, "e:done")}, s.navRow(true))
	case stepConsent:
		return tr(s.locale, "report.consent.ask"), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.consent.chat", "k:chat")},
			[]models.InlineKeyboardButton{s.btn("btn.consent.code", "k:code")},
			s.navRow(true),
		)
	case stepReview:
		return s.reviewText(), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.submit", "r:submit")},
			[]models.InlineKeyboardButton{s.btn("btn.edit", "r:edit"), s.btn("btn.cancel", "r:cancel")},
		)
	case stepEdit:
		return tr(s.locale, "report.edit.ask"), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.edit.category", "x:category"), s.btn("btn.edit.area", "x:area")},
			[]models.InlineKeyboardButton{s.btn("btn.edit.occurred", "x:occurred"), s.btn("btn.edit.consent", "x:consent")},
			[]models.InlineKeyboardButton{s.btn("btn.edit.description", "x:description"), s.btn("btn.edit.evidence", "x:evidence")},
			[]models.InlineKeyboardButton{s.btn("btn.back", "x:review")},
		)
	}
	r.Step = stepCategory
	rows := make([][]models.InlineKeyboardButton, 0, len(s.c.cfg.Categories)+1)
	for _, k := range s.c.cfg.Categories {
		rows = append(rows, []models.InlineKeyboardButton{button(s.label(k.Zh, k.En), "c:"+k.Code)})
	}
	return tr(s.locale, "report.category.ask"), keyboard(append(rows, s.navRow(false))...)
}

func (s *session) label(zh, en string) string {
	if s.locale == localeEn && en != "" {
		return en
	}
	return zh
}

func (s *session) areaKeyboard(page int) *models.InlineKeyboardMarkup {
	areas := s.c.cfg.Areas
	pages := max((len(areas)+areasPerPage-1)/areasPerPage, 1)
	page = min(max(page, 0), pages-1)
	var rows [][]models.InlineKeyboardButton
	from, to := page*areasPerPage, min((page+1)*areasPerPage, len(areas))
	for i := from; i < to; i += 2 {
		row := []models.InlineKeyboardButton{button(s.label(areas[i].Zh, areas[i].En), "a:"+areas[i].Code)}
		if i+1 < to {
			row = append(row, button(s.label(areas[i+1].Zh, areas[i+1].En), "a:"+areas[i+1].Code))
		}
		rows = append(rows, row)
	}
	var nav []models.InlineKeyboardButton
	if page > 0 {
		nav = append(nav, s.btn("btn.area.prev", "ap:"+strconv.Itoa(page-1)))
	}
	if page < pages-1 {
		nav = append(nav, s.btn("btn.area.next", "ap:"+strconv.Itoa(page+1)))
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	rows = append(rows,
		[]models.InlineKeyboardButton{s.btn("btn.area.pin", "a:-pin"), s.btn("btn.area.unknown", "a:-unknown")},
		s.navRow(true),
	)
	return keyboard(rows...)
}

// reviewText summarises the report for the reporter to check, their own
// words echoed as plain text.
func (s *session) reviewText() string {
	r := s.d.Report
	category := intake.CategoryName(s.c.cfg, r.Category, s.locale)
	place := s.placeText()
	when := tr(s.locale, "review.none")
	if r.Occurred != "" {
		when = intake.OccurredName(s.locale, r.Occurred)
	}
	contact := tr(s.locale, "review.none")
	if r.Contact != "" {
		contact = intake.ContactName(s.locale, r.Contact)
	}
	n, _, _ := s.fileTotals()
	desc := intake.Preview(r.Description(), 1200)
	if desc == "" {
		desc = tr(s.locale, "review.none")
	}
	return tr(s.locale, "report.review", category, place, when, n, contact, desc)
}

func (s *session) placeText() string {
	r := s.d.Report
	place := intake.AreaName(s.c.cfg, r.AreaCode, r.AreaText, s.locale)
	if r.Latitude != nil {
		pin := fmt.Sprintf("%s %.5f, %.5f", tr(s.locale, "review.pin"), *r.Latitude, *r.Longitude)
		if place == "" {
			return pin
		}
		return place + " (" + pin + ")"
	}
	if place == "" {
		return tr(s.locale, "review.none")
	}
	return place
}
