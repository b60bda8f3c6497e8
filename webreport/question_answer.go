package webreport

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/intake"
)

// answerQuestion takes the reporter's answer to an officer's question, with
// files, from the status page.
func (h *handler) answerQuestion(w http.ResponseWriter, r *http.Request) {
	h.fromReporter(w, r, true)
}

// fromReporter reads an answer or an addition and its files, and gives them
// to the core, which cleans the files and counts them against the tip's
// limits. Whatever fails, the text comes back in its box.
func (h *handler) fromReporter(w http.ResponseWriter, r *http.Request, answer bool) {
	limit := h.uploadBytes()
	if r.ContentLength > limit {
		w.Header().Set("Connection", "close")
		h.problem(w, r, http.StatusRequestEntityTooLarge, "evidence.request_too_large")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	up, err := readUpload(r, h.core.FileLimits(intake.Web).File)
	if err != nil {
		h.formError(w, r, err)
		return
	}
	receipt, ok := h.grantReceipt(up.fields["grant"])
	if !ok {
		h.renderStatus(w, r, "", "status.grant_expired", true, http.StatusOK)
		return
	}
	text := intake.CleanText(up.fields["text"])
	question, _ := strconv.ParseInt(up.fields["question"], 10, 64)
	sv := statusView{Question: question}
	if answer {
		sv.Answer = text
	} else {
		sv.Info = text
	}
	notice := ""
	check, _ := h.checkForm(up.fields["ft"], up.fields[honeypot], 0)
	var files []intake.Upload
	switch {
	case check != formOK:
		notice = "error.form_stale_files"
	case text == "":
		notice = "dialogue.empty"
	}
	for notice == "" {
		f, ok, err := up.next()
		switch {
		case err != nil:
			h.fail(w, r, err)
			return
		case !ok:
		case f.tooLarge:
			notice = h.fileProblem(r, len(files)+1, intake.ProblemTooLarge)
		default:
			files = append(files, intake.Upload{Data: f.data, Name: f.name, MIME: f.mime})
			continue
		}
		break
	}
	err = h.inTx(r.Context(), func(tx *sqlx.Tx) error {
		if notice == "" {
			notice = "addinfo.done"
			if answer {
				notice = "answer.done"
			}
			var problem *intake.ProblemError
			err := h.tellOfficers(r, tx, receipt, answer, question, text, files)
			switch {
			case errors.As(err, &problem):
				notice = h.fileProblem(r, problem.Index+1, problem.Problem)
			case errors.Is(err, intake.ErrGone):
				notice = "dialogue.gone"
			case err != nil:
				return err
			default:
				sv = statusView{}
			}
		}
		return h.showTip(r.Context(), tx, w, r, receipt, notice, sv)
	})
	if err != nil {
		h.fail(w, r, err)
	}
}

// tellOfficers hands an answer or an addition to the core, for the tip of
// receipt (checked again: the grant proves it was checked, not that the tip
// is still there).
func (h *handler) tellOfficers(r *http.Request, tx *sqlx.Tx, receipt string, answer bool, question int64, text string, files []intake.Upload) error {
	client, err := h.clients.forRequest(r.Context(), r, h.now())
	if err != nil {
		return err
	}
	tip, err := h.core.CheckReceipt(r.Context(), tx, intake.Key(client), receipt)
	if err != nil {
		return fmt.Errorf("%w: %w", intake.ErrGone, err)
	}
	if answer {
		_, err = h.core.Answer(r.Context(), tx, intake.Web, tip.TipID, question, text, files)
		return err
	}
	_, err = h.core.AddInformation(r.Context(), tx, intake.Web, tip.TipID, text, files)
	return err
}

// fileProblem says, in the reader's language, which file was refused and why.
func (h *handler) fileProblem(r *http.Request, n int, p intake.Problem) string {
	loc := locale(r)
	return translate(loc, "evidence.file_n", n) + h.core.ProblemText(intake.Web, loc, p)
}
