package chat

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tipline/tipline/intake"
)

// draft is a reporter's conversation state: a report in progress (the
// core's), and the bot's own state kept beside it in the draft's extra.
type draft struct {
	// Mode, when set, says what the next text is: a receipt, information to
	// add to Tip, an answer to Question of Tip, or a question for a counsellor.
	Mode     string
	Tip      int64
	Question int64

	Report *report

	// WizardMsg is the outbox row of the wizard's last message, whose
	// keyboard is removed when a newer one is sent.
	WizardMsg int64
	// Album is the media group of the last file, so that the photos of one
	// album update one message instead of each sending its own.
	Album string
	// Held is an answer whose file cannot be cleaned, until the reporter
	// keeps it anyway or drops it.
	Held *heldAnswer
}

// heldAnswer is the words of an answer and Telegram's handle of its file,
// which the bot can fetch again; the file itself is not kept meanwhile.
type heldAnswer struct {
	File incoming `json:"file"`
	Text string   `json:"text"`
}

// The modes of a draft.
const (
	modeReceipt  = "receipt"
	modeAddInfo  = "add_info"
	modeAnswer   = "answer"
	modeHelpText = "help_question"
)

// report is the core's report and where the wizard is in it.
type report struct {
	intake.Report
	Step     intake.Step
	Editing  bool // came from the review: go back there
	AreaPage int
}

// extra is the bot's part of a stored draft (intake.Draft.Extra).
type extra struct {
	Mode      string      `json:"mode,omitempty"`
	Tip       int64       `json:"tip,omitempty"`
	Question  int64       `json:"question,omitempty"`
	WizardMsg int64       `json:"wizard_msg,omitempty"`
	Album     string      `json:"album,omitempty"`
	Step      intake.Step `json:"step,omitempty"`
	Editing   bool        `json:"editing,omitempty"`
	AreaPage  int         `json:"area_page,omitempty"`
	Held      *heldAnswer `json:"held,omitempty"`
}

func (d *draft) empty() bool { return d.Mode == "" && d.Report == nil }

// decodeDraft is the bot's draft of a stored one.
func decodeDraft(d *intake.Draft) (*draft, error) {
	var x extra
	if len(d.Extra) > 0 {
		if err := json.Unmarshal(d.Extra, &x); err != nil {
			return nil, fmt.Errorf("chat: unable to read draft: %w", err)
		}
	}
	out := &draft{Mode: x.Mode, Tip: x.Tip, Question: x.Question, WizardMsg: x.WizardMsg, Album: x.Album, Held: x.Held}
	if d.Report != nil {
		out.Report = &report{Report: *d.Report, Step: x.Step, Editing: x.Editing, AreaPage: x.AreaPage}
		if out.Report.Step == "" {
			out.Report.Step = stepCategory
		}
	}
	return out, nil
}

// encode is the stored form of the bot's draft.
func (d *draft) encode(key intake.Key) (*intake.Draft, error) {
	x := extra{Mode: d.Mode, Tip: d.Tip, Question: d.Question, WizardMsg: d.WizardMsg, Album: d.Album, Held: d.Held}
	out := &intake.Draft{Key: key, Channel: intake.Telegram}
	if d.Report != nil {
		out.Report = &d.Report.Report
		x.Step, x.Editing, x.AreaPage = d.Report.Step, d.Report.Editing, d.Report.AreaPage
	}
	b, err := json.Marshal(x)
	if err != nil {
		return nil, fmt.Errorf("chat: unable to encode draft: %w", err)
	}
	out.Extra = b
	return out, nil
}

// takeDraft makes the draft read by open the session's. An expired draft is
// erased by the core, so a reporter coming back after the silence finds it
// gone even if the purge job has not run.
func (s *session) takeDraft(reportJSON, extraJSON []byte, expires *time.Time) error {
	d, expired, err := s.c.core.TakeDraft(s.ctx, s.tx, s.key(), intake.Telegram, reportJSON, extraJSON, expires)
	if errors.Is(err, intake.ErrNoDraft) {
		s.expired = expired
		return nil
	}
	if err != nil {
		return err
	}
	s.d, err = decodeDraft(d)
	return err
}

// saveDraft writes the draft back with a fresh expiry, or erases it (and its
// files) when nothing is in progress any more.
func (s *session) saveDraft() error {
	if s.d == nil || s.d.empty() {
		return s.c.core.DropDraft(s.ctx, s.tx, s.key())
	}
	d, err := s.d.encode(s.key())
	if err != nil {
		return err
	}
	return s.c.core.SaveDraft(s.ctx, s.tx, d)
}

// ensureDraftRow makes sure the draft row exists before files reference it.
func (s *session) ensureDraftRow() error {
	if s.d == nil {
		s.d = &draft{}
	}
	return s.saveDraft()
}

// key is what the core keys the reporter's draft and counters by: their ref.
func (s *session) key() intake.Key { return intake.Key(s.ref) }

// fileTotals counts the files of the draft and their bytes.
func (s *session) fileTotals() (n int, bytes int64, err error) {
	return s.c.core.FileTotals(s.ctx, s.tx, s.key())
}
