package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tipline/tipline/queue"
)

// editOutcome corrects what came of a tip closed as actioned (supervisors),
// with the reason kept on the timeline and in the audit log.
func (h *handler) editOutcome(w http.ResponseWriter, r *http.Request) {
	h.changeTip(w, r, "outcome", func(r *http.Request, by queue.Actor, id int64, v int) (any, error) {
		o, err := outcomeForm(r)
		if err != nil {
			return nil, err
		}
		reason := r.PostFormValue("reason")
		_, err = h.queue.EditOutcome(r.Context(), by, id, o, reason, v)
		d := o.Detail()
		d["reason"] = reason
		return d, err
	})
}

// outcomeForm reads the outcome fields of the close and edit forms: seizures
// come as parallel drug and grams fields, a row with neither is left out.
func outcomeForm(r *http.Request) (queue.Outcome, error) {
	o := queue.Outcome{
		CaseKind:   queue.CaseKind(r.PostFormValue("case_kind")),
		CaseNumber: r.PostFormValue("case"),
	}
	var err error
	if o.Detained, err = formCount(r, "detained"); err != nil {
		return o, err
	}
	if o.UsersFound, err = formCount(r, "users_found"); err != nil {
		return o, err
	}
	if s := strings.TrimSpace(r.PostFormValue("solved_on")); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return o, &queue.InvalidError{Field: "solved_on", Reason: "not a date"}
		}
		o.SolvedOn = &d
	}
	drugs, grams := r.PostForm["drug"], r.PostForm["grams"]
	for i, drug := range drugs {
		g := ""
		if i < len(grams) {
			g = strings.TrimSpace(grams[i])
		}
		if drug == "" && g == "" {
			continue
		}
		n, err := strconv.ParseFloat(g, 64)
		if err != nil {
			return o, &queue.InvalidError{Field: "grams", Reason: "not a weight"}
		}
		o.Seizures = append(o.Seizures, queue.Seizure{Drug: drug, Grams: n})
	}
	for _, s := range r.PostForm["operation"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return o, &queue.InvalidError{Field: "operation", Reason: "not a listed operation"}
		}
		o.Operations = append(o.Operations, id)
	}
	return o, nil
}

// formCount reads an optional count; empty is 0.
func formCount(r *http.Request, name string) (int, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &queue.InvalidError{Field: name, Reason: "not a number"}
	}
	return n, nil
}

// outcomeView is what the tip page shows of and offers for an outcome.
type outcomeView struct {
	Recorded   *queue.Outcome
	Operations []queue.Operation // listed ones and any the outcome carries
	CaseKinds  []queue.CaseKind
}

// SeizureRows is the outcome's seizures and blank rows to add more.
func (d outcomeView) SeizureRows() []queue.Seizure {
	var rows []queue.Seizure
	if d.Recorded != nil {
		rows = append(rows, d.Recorded.Seizures...)
	}
	return append(rows, make([]queue.Seizure, 3)...)
}

// Tagged says whether the outcome carries the operation.
func (d outcomeView) Tagged(id int64) bool { return d.Recorded != nil && d.Recorded.Tagged(id) }

// OperationName names a tagged operation.
func (d outcomeView) OperationName(id int64, locale string) string {
	for _, o := range d.Operations {
		if o.ID == id {
			return o.Name(locale)
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}

// Offered lists the operations a form may tag: listed ones, and archived
// ones the outcome already carries.
func (d outcomeView) Offered() []queue.Operation {
	var out []queue.Operation
	for _, o := range d.Operations {
		if !o.Archived || d.Tagged(o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// Grams prints a weight without trailing zeros.
func (d outcomeView) Grams(g float64) string {
	if g == 0 {
		return ""
	}
	return strconv.FormatFloat(g, 'f', -1, 64)
}

// Unit names a receiving unit; a unit typed before the list existed shows as typed.
func (v *view) Unit(code string) string {
	if u, ok := v.h.cfg.Outcomes.Unit(code); ok {
		return u.Name(v.Locale)
	}
	return code
}

// Units are the receiving units a tip may be forwarded to.
func (v *view) Units() []option {
	var out []option
	for _, u := range v.h.cfg.Outcomes.UnitList() {
		out = append(out, option{u.Code, u.Name(v.Locale)})
	}
	return out
}

// Drugs are the drugs a seizure may be recorded as.
func (v *view) Drugs() []option {
	var out []option
	for _, d := range v.h.cfg.Outcomes.DrugList() {
		out = append(out, option{d.Code, d.Name(v.Locale)})
	}
	return out
}

// Drug names a seizure's drug.
func (v *view) Drug(code string) string {
	if d, ok := v.h.cfg.Outcomes.Drug(code); ok {
		return d.Name(v.Locale)
	}
	return code
}

// loadOutcome reads what the tip page's outcome forms and block need: the
// operations to tag with, and the outcome of a tip closed as actioned.
func (h *handler) loadOutcome(ctx context.Context, d *tipData) error {
	d.Outcome.CaseKinds = queue.CaseKinds
	ops, err := h.queue.Operations(ctx, true)
	if err != nil {
		return err
	}
	d.Outcome.Operations = ops
	// d.Tip alone: a method on d would copy the fields the page's other
	// reads are filling at the same time.
	if !actioned(d.Tip) {
		return nil
	}
	o, err := h.queue.Outcome(ctx, d.Tip.ID)
	if errors.Is(err, queue.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	d.Outcome.Recorded = &o
	return nil
}

// Actioned says whether the tip was closed as actioned, so has an outcome.
func (d tipData) Actioned() bool { return actioned(d.Tip) }

func actioned(t queue.Tip) bool {
	return t.State == queue.StateClosed && t.Resolution != nil && *t.Resolution == queue.Actioned
}
