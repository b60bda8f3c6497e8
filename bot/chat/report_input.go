package chat

import (
	"strconv"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// onReportButton handles the wizard's buttons. A button of a step the
// report is not at (an old message) still does what it says when that is
// harmless, and is refused otherwise.
func (s *session) onReportButton(verb, arg string) error {
	if s.d == nil || s.d.Report == nil {
		// The draft is gone (submitted, cancelled or expired).
		if err := s.answerCallback(tr(s.locale, "stale.button"), false); err != nil {
			return err
		}
		return s.showMenu("menu.again")
	}
	r := s.d.Report
	switch verb {
	case "r":
		switch arg {
		case "cancel":
			if err := s.answerCallback(tr(s.locale, "report.cancelled"), false); err != nil {
				return err
			}
			if err := s.dropReport(); err != nil {
				return err
			}
			s.d.WizardMsg = 0
			return s.show(tr(s.locale, "report.cancelled")+"\n\n"+tr(s.locale, "menu.again"), s.menuKeyboard())
		case "back":
			return s.back()
		case "edit":
			r.Step = stepEdit
			return s.showStep("")
		case "submit":
			if r.Step != stepReview {
				return s.staleStep()
			}
			return s.submitReport()
		}
	case "x":
		st := intake.Step(arg)
		if arg == "consent" { // the button's data predates the core's name
			st = stepConsent
		}
		switch st {
		case stepCategory, stepArea, stepOccurred, stepDescription, stepEvidence, stepConsent:
			r.Step, r.Editing = st, true
			if st == stepDescription {
				r.Parts = nil // "rewrite": the reporter types it anew
			}
		default:
			r.Step, r.Editing = stepReview, false
		}
		return s.showStep("")
	case "c":
		if _, ok := s.c.cfg.Category(arg); !ok {
			return s.staleStep()
		}
		r.Category = arg
		if r.Step == stepCategory {
			return s.advance("")
		}
		return s.showStep("")
	case "ap":
		page, _ := strconv.Atoi(arg)
		r.AreaPage = page
		if r.Step != stepArea {
			return s.staleStep()
		}
		return s.showStep("")
	case "a":
		if r.Step != stepArea {
			return s.staleStep()
		}
		switch arg {
		case "-pin":
			// Explained first: the pin is where the crime is, not where the
			// reporter is. The reporter then sends it with the paperclip.
			return s.showWizard(tr(s.locale, "report.area.pin"), s.areaKeyboard(r.AreaPage))
		case "-unknown":
			// A code, named in each reader's language; the text is for
			// readers that do not know the code.
			r.AreaCode, r.AreaText = intake.AreaUnknown, intake.AreaName(s.c.cfg, intake.AreaUnknown, "", s.locale)
		default:
			if _, ok := s.c.cfg.Area(arg); !ok {
				return s.staleStep()
			}
			r.AreaCode, r.AreaText = arg, ""
		}
		return s.advance("")
	case "o":
		if !intake.ValidOccurred(arg) || (r.Step != stepOccurred) {
			return s.staleStep()
		}
		r.Occurred = arg
		if arg == string(queue.OccurredNow) {
			// Before anything else: a tip is read in hours, a crime
			// happening now needs 110.
			return s.advance(s.c.core.Emergency(s.locale))
		}
		return s.advance("")
	case "d":
		if r.Step != stepDescription {
			return s.staleStep()
		}
		if err := s.c.core.CheckStep(&r.Report, stepDescription); err != nil {
			return s.answerCallback(tr(s.locale, "report.description.short", s.c.core.DescriptionMin()), true)
		}
		if !r.Editing && intake.Next(intake.Telegram, stepDescription) == stepEvidence {
			// Files sent while describing are already the evidence: one
			// "Done" finishes both, rather than a second one for a step
			// whose work is done. More files are still taken at any step.
			if n, _, err := s.fileTotals(); err != nil {
				return err
			} else if n > 0 {
				r.Step = stepEvidence
				return s.advance(tr(s.locale, "report.evidence.kept", n))
			}
		}
		return s.advance("")
	case "e":
		if r.Step != stepEvidence {
			return s.staleStep()
		}
		return s.advance("")
	case "k":
		if (arg != intake.ContactChat && arg != intake.ContactCode) || r.Step != stepConsent {
			return s.staleStep()
		}
		r.Contact = arg
		return s.advance("")
	}
	return s.staleStep()
}

// staleStep answers a press of a button that no longer applies, and shows
// where the report is.
func (s *session) staleStep() error {
	if err := s.answerCallback(tr(s.locale, "stale.button"), false); err != nil {
		return err
	}
	s.cbMsgID = 0 // show the current step as a new message
	return s.showStep("")
}

// onReportText handles text outside any mode: the place at the area step,
// otherwise description. Text sent outside any flow starts a report with it.
func (s *session) onReportText(msgID int, text string) error {
	started := s.ensureReport()
	r := s.d.Report
	if !started && r.Step == stepArea {
		if utf8.RuneCountInString(text) > intake.MaxAreaText {
			return s.showStep(tr(s.locale, "report.area.too_long", intake.MaxAreaText))
		}
		r.AreaCode, r.AreaText = "", text
		return s.advance(tr(s.locale, "report.area.text_ok", text))
	}
	limit := s.c.core.DescriptionMax()
	kept := r.AddText(int64(msgID), text, limit)
	var note string
	switch {
	case !kept:
		note = tr(s.locale, "report.description.long", limit)
	case started:
		note = tr(s.locale, "report.started")
	case r.Step != stepDescription:
		note = tr(s.locale, "report.description.added", r.DescriptionLen())
	}
	if r.Step == stepEdit {
		r.Step = stepReview
	}
	return s.showStep(note)
}

// onLocation takes a shared pin as the place of the crime.
func (s *session) onLocation(l *models.Location) error {
	if l.LivePeriod > 0 {
		// A live location follows the reporter; it is not a crime scene.
		return s.say("report.area.pin")
	}
	started := s.ensureReport()
	r := s.d.Report
	lat, lon := l.Latitude, l.Longitude
	r.Latitude, r.Longitude = &lat, &lon
	note := tr(s.locale, "report.area.pin_ok")
	if started {
		note = tr(s.locale, "report.started")
	}
	if r.Step == stepArea {
		if r.AreaCode == "" && r.AreaText == "" {
			// The pin alone says where; the officers read it from the map.
			r.AreaText = tr(s.locale, "review.pin")
		}
		return s.advance(note)
	}
	return s.showStep(note)
}
