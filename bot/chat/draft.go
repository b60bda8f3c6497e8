package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// draft is a reporter's conversation state, kept in bot_drafts.data: a
// report in progress, and what the next text message means.
type draft struct {
	// Mode, when set, says what the next text is: a receipt, information to
	// add to Tip, an answer to Question of Tip, or a question for a counsellor.
	Mode     string `json:"mode,omitempty"`
	Tip      int64  `json:"tip,omitempty"`
	Question int64  `json:"question,omitempty"`

	Report *report `json:"report,omitempty"`

	// WizardMsg is the outbox row of the wizard's last message, whose
	// keyboard is removed when a newer one is sent.
	WizardMsg int64 `json:"wizard_msg,omitempty"`
	// Album is the media group of the last file, so that the photos of one
	// album update one message instead of each sending its own.
	Album string `json:"album,omitempty"`
}

// The modes of a draft.
const (
	modeReceipt  = "receipt"
	modeAddInfo  = "add_info"
	modeAnswer   = "answer"
	modeHelpText = "help_question"
)

// report is a tip being written.
type report struct {
	Step      string   `json:"step"`
	Editing   bool     `json:"editing,omitempty"` // came from the review: go back there
	Category  string   `json:"category,omitempty"`
	AreaCode  string   `json:"area_code,omitempty"`
	AreaText  string   `json:"area_text,omitempty"`
	AreaPage  int      `json:"area_page,omitempty"`
	Latitude  *float64 `json:"lat,omitempty"`
	Longitude *float64 `json:"lon,omitempty"`
	Occurred  string   `json:"occurred,omitempty"`
	Parts     []part   `json:"parts,omitempty"`
	Contact   string   `json:"contact,omitempty"` // chat | code
}

// part is one message of the description, by message id so edits follow.
type part struct {
	MsgID int    `json:"msg"`
	Text  string `json:"text"`
}

func (d *draft) empty() bool { return d.Mode == "" && d.Report == nil }

// description joins the parts as officers will read them.
func (r *report) description() string {
	texts := make([]string, 0, len(r.Parts))
	for _, p := range r.Parts {
		texts = append(texts, p.Text)
	}
	return strings.Join(texts, "\n\n")
}

func (r *report) descriptionLen() int { return len([]rune(r.description())) }

// addPart appends text, cut so the description stays within max runes.
// It reports whether everything was kept.
func (r *report) addPart(msgID int, text string, limit int) bool {
	room := limit - r.descriptionLen()
	if len(r.Parts) > 0 {
		room -= 2 // the separator
	}
	if room <= 0 {
		return false
	}
	kept := truncateRunes(text, room)
	r.Parts = append(r.Parts, part{MsgID: msgID, Text: kept})
	return kept == text
}

// replacePart follows an edit of a message that is part of the description.
func (r *report) replacePart(msgID int, text string, limit int) bool {
	for i, p := range r.Parts {
		if p.MsgID == msgID && msgID != 0 {
			r.Parts[i].Text = text
			if over := r.descriptionLen() - limit; over > 0 {
				n := len([]rune(text)) - over
				r.Parts[i].Text = truncateRunes(text, max(n, 0))
			}
			return true
		}
	}
	return false
}

// takeDraft makes the draft read by open the session's. An expired draft is
// erased here, so a reporter coming back after the silence finds it gone even
// if the purge job has not run. data is nil when the reporter has no draft.
func (s *session) takeDraft(data []byte, expires *time.Time) error {
	if data == nil || expires == nil {
		return nil
	}
	if !expires.After(s.now) {
		if err := s.deleteDraft(); err != nil {
			return err
		}
		var d draft
		s.expired = json.Unmarshal(data, &d) == nil && d.Report != nil
		return nil
	}
	var d draft
	if err := json.Unmarshal(data, &d); err != nil {
		return fmt.Errorf("chat: unable to read draft: %w", err)
	}
	s.d = &d
	return nil
}

// saveDraft writes the draft back with a fresh expiry, or erases it (and its
// files) when nothing is in progress any more.
func (s *session) saveDraft() error {
	if s.d == nil || s.d.empty() {
		return s.deleteDraft()
	}
	data, err := json.Marshal(s.d)
	if err != nil {
		return fmt.Errorf("chat: unable to encode draft: %w", err)
	}
	const q = `
		INSERT INTO bot_drafts (reporter_ref, data, updated_at, expires_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (reporter_ref) DO UPDATE
		SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at`
	ttl := s.c.cfg.Bot.DraftTTL.D()
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	if _, err := s.tx.ExecContext(s.ctx, q, s.ref.Bytes(), string(data), s.now, s.now.Add(ttl)); err != nil {
		return fmt.Errorf("chat: unable to save draft: %w", err)
	}
	return nil
}

func (s *session) deleteDraft() error {
	const q = `DELETE FROM bot_drafts WHERE reporter_ref = $1`
	if _, err := s.tx.ExecContext(s.ctx, q, s.ref.Bytes()); err != nil {
		return fmt.Errorf("chat: unable to delete draft: %w", err)
	}
	return nil
}

// ensureDraftRow makes sure the draft row exists before files reference it.
func (s *session) ensureDraftRow() error {
	if s.d == nil {
		s.d = &draft{}
	}
	return s.saveDraft()
}

// PurgeExpiredDrafts erases drafts (with their files) silent for longer than
// the configured TTL, and limit counters whose window is long past. For the
// scheduled jobs; it returns how many drafts were erased.
func PurgeExpiredDrafts(ctx context.Context, db sqlx.ExecerContext, now time.Time) (int64, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM bot_drafts WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("chat: unable to purge drafts: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("chat: unable to purge drafts: %w", err)
	}
	// The longest window is a day; older counters count nothing any more.
	if _, err := db.ExecContext(ctx, `DELETE FROM bot_limits WHERE window_start < $1`, now.Add(-48*time.Hour)); err != nil {
		return n, fmt.Errorf("chat: unable to purge limits: %w", err)
	}
	return n, nil
}
