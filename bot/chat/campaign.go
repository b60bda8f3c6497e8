package chat

import "github.com/tipline/tipline/campaign"

// startFromPoster answers /start with a deep link's payload: a campaign's
// code from a poster starts a report that carries it. A typed, forged or
// foreign payload gets the normal start, and the payload is kept nowhere. A
// report already in progress keeps the poster it started from.
func (s *session) startFromPoster(code string) error {
	if _, ok := campaign.SignerFor(s.c.cfg).Verify(code); !ok {
		return s.showMenu("menu.intro")
	}
	if s.d != nil && s.d.Report != nil {
		return s.startReport() // resumes it
	}
	s.ensureReport()
	s.d.Report.Campaign = code
	return s.showStep("")
}
