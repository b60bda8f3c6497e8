package webreport

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// The draft cookie holds a random token; the database keeps only its SHA-256
// (the draft's key). The token is linked to nothing else: a new report gets a
// new one.
const (
	draftCookie = "tipline_draft"
	langCookie  = "tipline_lang"
)

// webDraft is a report in progress on the web, or a submitted one whose
// receipt waits to be shown again.
type webDraft struct {
	token string
	key   intake.Key
	d     *intake.Draft // nil until first saved
	x     extra
	// lost: the cookie named a draft whose report expired with the silence.
	lost bool
}

// extra is the web's own state beside the core's report.
type extra struct {
	// Started is when the first page of the report was served (its form
	// token's time): Submit is refused sooner than web.min_fill after it.
	Started time.Time `json:"started"`
	// Outcome of the last upload, shown once on the evidence page.
	Outcome []fileOutcome `json:"outcome,omitempty"`
	// Tip and Receipt (sealed with the seal key) once submitted, kept until
	// Until so that a refresh after a lost response shows the receipt again.
	Tip     int64     `json:"tip,omitempty"`
	Receipt []byte    `json:"receipt,omitempty"`
	Until   time.Time `json:"until,omitzero"`
	// Urgent: the submitted report was "happening now"; the receipt page
	// repeats the emergency advice.
	Urgent bool `json:"urgent,omitempty"`
}

// fileOutcome is what became of one uploaded file, by its position among
// those sent (its name is the reporter's and is not kept).
type fileOutcome struct {
	N       int    `json:"n"`
	Problem string `json:"problem,omitempty"`
}

// report is the report in progress, started when there is none.
func (d *webDraft) report() *intake.Report {
	d.ensure()
	if d.d.Report == nil {
		d.d.Report = &intake.Report{}
	}
	return d.d.Report
}

func (d *webDraft) ensure() {
	if d.d == nil {
		d.d = &intake.Draft{Key: d.key, Channel: intake.Web}
	}
}

func (d *webDraft) submitted() bool { return d.x.Tip != 0 }

// openDraft reads the draft of the request's cookie, locked for the
// transaction. Without a cookie, or when its draft has expired or been
// erased, it returns a new, unsaved draft under a fresh token.
func (h *handler) openDraft(ctx context.Context, tx *sqlx.Tx, r *http.Request) (*webDraft, error) {
	token := ""
	if c, err := r.Cookie(draftCookie); err == nil {
		token = c.Value
	}
	return h.openDraftToken(ctx, tx, token)
}

// openDraftToken is openDraft for a token already read.
func (h *handler) openDraftToken(ctx context.Context, tx *sqlx.Tx, token string) (*webDraft, error) {
	if raw, err := base64.RawURLEncoding.DecodeString(token); err == nil && len(raw) == 32 {
		wd := &webDraft{token: token, key: sha256.Sum256(raw)}
		d, expired, err := h.core.LoadDraft(ctx, tx, wd.key)
		switch {
		case err == nil:
			wd.d = d
			if len(d.Extra) > 0 {
				if err := json.Unmarshal(d.Extra, &wd.x); err != nil {
					return nil, fmt.Errorf("webreport: unable to read draft: %w", err)
				}
			}
			return wd, nil
		case !errors.Is(err, intake.ErrNoDraft):
			return nil, err
		}
		nd, err := newDraft()
		if nd != nil {
			nd.lost = expired
		}
		return nd, err
	}
	return newDraft()
}

func newDraft() (*webDraft, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("webreport: unable to draw a draft token: %w", err)
	}
	return &webDraft{token: base64.RawURLEncoding.EncodeToString(raw), key: sha256.Sum256(raw)}, nil
}

// saveDraft writes the draft with a fresh expiry and sets its cookie.
func (h *handler) saveDraft(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, d *webDraft) error {
	d.ensure()
	ttl := h.cfg.Web.DraftTTL.D()
	if d.submitted() {
		ttl = d.x.Until.Sub(h.now())
	}
	x, err := json.Marshal(d.x)
	if err != nil {
		return fmt.Errorf("webreport: unable to encode draft: %w", err)
	}
	d.d.Extra = x
	d.d.ExpiresAt = h.now().Add(ttl)
	if err := h.core.SaveDraft(ctx, tx, d.d); err != nil {
		return err
	}
	h.setDraftCookie(w, d.token, ttl)
	return nil
}

// dropDraft erases the draft with its files and its cookie.
func (h *handler) dropDraft(ctx context.Context, tx *sqlx.Tx, w http.ResponseWriter, d *webDraft) error {
	if err := h.core.DropDraft(ctx, tx, d.key); err != nil {
		return err
	}
	h.setDraftCookie(w, "", -1)
	return nil
}

func (h *handler) setDraftCookie(w http.ResponseWriter, token string, ttl time.Duration) {
	c := &http.Cookie{Name: draftCookie, Value: token, Path: "/r/", HttpOnly: true, Secure: h.secure,
		SameSite: http.SameSiteStrictMode}
	if ttl < 0 {
		c.MaxAge = -1
	} else {
		c.MaxAge = max(1, int(ttl/time.Second))
	}
	http.SetCookie(w, c)
}

// inTx runs fn in one transaction, committed when fn returns nil.
func (h *handler) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := h.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("webreport: unable to begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("webreport: unable to commit: %w", err)
	}
	return nil
}
