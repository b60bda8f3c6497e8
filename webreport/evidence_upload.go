package webreport

import (
	"errors"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

var errDraftGone = errors.New("webreport: the draft is gone")

// problemUploads: the client sent web.uploads_per_hour files this hour.
const problemUploads intake.Problem = "web_uploads"

// uploadBytes bounds an upload request: a report's files and room for the
// multipart framing and fields.
func (h *handler) uploadBytes() int64 {
	l := h.core.FileLimits(intake.Web)
	n := l.Bytes
	if n <= 0 || (l.Count > 0 && int64(l.Count)*l.File < n) {
		n = int64(max(l.Count, 1)) * l.File
	}
	return n + 1<<20
}

// uploadEvidence keeps the files of the evidence form, one at a time, each
// in its own short transaction. What became of each file is shown
// once on the evidence page. With js=1 (the page's script, which shows the
// progress) the answer is 204 and the script opens the page itself.
func (h *handler) uploadEvidence(w http.ResponseWriter, r *http.Request) {
	limit := h.uploadBytes()
	if r.ContentLength > limit {
		// Refused before a byte of the body is read.
		w.Header().Set("Connection", "close")
		h.problem(w, r, http.StatusRequestEntityTooLarge, "evidence.request_too_large")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	l := h.core.FileLimits(intake.Web)
	up, err := readUpload(r, l.File)
	if err != nil {
		h.formError(w, r, err)
		return
	}
	check, served := h.checkForm(up.fields["ft"], up.fields[honeypot], 0)
	if check != formOK {
		h.uploadRefused(w, r, "error.form_stale_files")
		return
	}
	client, err := h.clients.forRequest(r.Context(), r, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The draft the files go to, saved first so that they can refer to it.
	var token string
	err = h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		if d.d == nil || d.submitted() {
			if d, err = newDraft(); err != nil {
				return err
			}
			d.x.Started = served
		}
		token = d.token
		return h.saveDraft(r.Context(), tx, w, d)
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var outcome []fileOutcome
	recorded := false // the outcome is saved with the draft
	for n := 1; ; n++ {
		f, ok, err := up.next()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if !ok {
			break
		}
		if f.tooLarge {
			outcome = append(outcome, fileOutcome{N: n, Problem: string(intake.ProblemTooLarge)})
			continue
		}
		var p intake.Problem
		// The last file's transaction also records the outcome, rather
		// than a transaction of its own after it.
		last := up.remaining() == 0
		err = h.inTx(r.Context(), func(tx *sqlx.Tx) error {
			d, err := h.openDraftToken(r.Context(), tx, token)
			if err != nil {
				return err
			}
			if d.d == nil {
				return errDraftGone
			}
			if p, err = h.keepFile(r, tx, d, client, f); err != nil || !last {
				return err
			}
			d.x.Outcome = append(outcome, fileOutcome{N: n, Problem: string(p)})
			return h.saveDraft(r.Context(), tx, w, d)
		})
		if errors.Is(err, errDraftGone) {
			// Erased meanwhile (submitted from another tab): nothing to add to.
			h.uploadRefused(w, r, "error.draft_gone")
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		outcome = append(outcome, fileOutcome{N: n, Problem: string(p)})
		recorded = last
	}
	if !recorded {
		err = h.inTx(r.Context(), func(tx *sqlx.Tx) error {
			d, err := h.openDraftToken(r.Context(), tx, token)
			if err != nil {
				return err
			}
			d.x.Outcome = outcome
			return h.saveDraft(r.Context(), tx, w, d)
		})
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if r.URL.Query().Get("js") == "1" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, stepPaths[intake.StepEvidence], http.StatusSeeOther)
}

// keepFile counts an upload against the client's hour and gives the file to
// the core for draft d: the problem, if it was refused.
func (h *handler) keepFile(r *http.Request, tx *sqlx.Tx, d *webDraft, client []byte, f file) (intake.Problem, error) {
	limited, err := h.webLimited(r.Context(), tx, intake.Key(client), limitUploads, time.Hour, h.cfg.Web.UploadsPerHour)
	if err != nil || limited {
		return problemUploads, err
	}
	if _, err := h.core.Bump(r.Context(), tx, intake.Key(client), limitUploads, time.Hour); err != nil {
		return intake.ProblemNone, err
	}
	_, p, err := h.core.KeepFile(r.Context(), tx, d.key, intake.Web, intake.Upload{Data: f.data, Name: f.name, MIME: f.mime})
	return p, err
}

// uploadRefused shows the evidence page again with a notice; the files
// were not kept and must be chosen again.
func (h *handler) uploadRefused(w http.ResponseWriter, r *http.Request, notice string) {
	err := h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		d, err := h.openDraft(r.Context(), tx, r)
		if err != nil {
			return err
		}
		return h.renderStep(r.Context(), tx, w, r, d, intake.StepEvidence, notice, http.StatusUnprocessableEntity)
	})
	if err != nil {
		h.fail(w, r, err)
	}
}
