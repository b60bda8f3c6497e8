package queue

import (
	"errors"
	"testing"
	"time"
)

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestOutcomeRecordedWithClose(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	op, err := b.store.CreateOperation(ctx, "清源行动", "Operation Clear Source")
	must(t, err)
	tip := b.tipIn(t, StateForwarded)
	o := Outcome{CaseKind: CaseCriminal, CaseNumber: " 湘公刑字2026-17 ", Detained: 3, UsersFound: 2,
		SolvedOn: day("2026-10-09"), Seizures: []Seizure{{"methamphetamine", 12.5}, {"heroin", 0.8}},
		Operations: []int64{op.ID, op.ID}}
	closed, err := b.store.CloseActioned(ctx, b.officer, tip.ID, o, tip.Version)
	must(t, err)
	if closed.State != StateClosed || *closed.Resolution != Actioned {
		t.Fatalf("closed as %s %v", closed.State, closed.Resolution)
	}
	got, err := b.store.Outcome(ctx, tip.ID)
	must(t, err)
	if got.CaseKind != CaseCriminal || got.CaseNumber != "湘公刑字2026-17" || got.Detained != 3 || got.UsersFound != 2 ||
		got.SolvedOn.Format(time.DateOnly) != "2026-10-09" || len(got.Seizures) != 2 || got.Grams() != 13.3 ||
		len(got.Operations) != 1 || got.Operations[0] != op.ID {
		t.Fatalf("outcome %+v", got)
	}
	var detail string
	must(t, b.db.Get(&detail, `SELECT detail->'outcome'->>'case_number' FROM tip_events WHERE tip_id = $1 AND action = 'closed'`, tip.ID))
	if detail != "湘公刑字2026-17" {
		t.Fatalf("close event's outcome %q", detail)
	}
}

func TestOutcomeRefusesBadFacts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	archived, err := b.store.CreateOperation(ctx, "旧行动", "Old operation")
	must(t, err)
	must(t, b.store.ArchiveOperation(ctx, archived.ID, true))
	tip := b.tipIn(t, StateInReview)
	for name, c := range map[string]struct {
		o     Outcome
		field string
	}{
		"unknown kind":        {Outcome{CaseKind: "civil", SolvedOn: day("2026-01-01")}, "case_kind"},
		"case without day":    {Outcome{CaseKind: CaseAdministrative}, "solved_on"},
		"solved in future":    {Outcome{CaseKind: CaseCriminal, SolvedOn: day("2999-01-01")}, "solved_on"},
		"negative detained":   {Outcome{CaseKind: CaseNone, Detained: -1}, "detained"},
		"unknown drug":        {Outcome{CaseKind: CaseNone, Seizures: []Seizure{{"sugar", 1}}}, "drug"},
		"drug twice":          {Outcome{CaseKind: CaseNone, Seizures: []Seizure{{"heroin", 1}, {"heroin", 2}}}, "drug"},
		"no weight":           {Outcome{CaseKind: CaseNone, Seizures: []Seizure{{"heroin", 0}}}, "grams"},
		"archived operation":  {Outcome{CaseKind: CaseNone, Operations: []int64{archived.ID}}, "operation"},
		"unlisted operation":  {Outcome{CaseKind: CaseNone, Operations: []int64{archived.ID + 100}}, "operation"},
		"case number too big": {Outcome{CaseKind: CaseNone, CaseNumber: string(make([]rune, 101))}, "case"},
	} {
		_, err := b.store.CloseActioned(ctx, b.officer, tip.ID, c.o, 0)
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Field != c.field {
			t.Errorf("%s: %v, want invalid %s", name, err, c.field)
		}
	}
	if got, err := b.store.Get(ctx, tip.ID); err != nil || got.State != StateInReview {
		t.Fatalf("a refused outcome closed the tip: %v %v", got.State, err)
	}
}

func TestOutcomeEditedBySupervisorWithReason(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	tip := b.tipIn(t, StateInReview)
	closed, err := b.store.CloseActioned(ctx, b.officer, tip.ID, Outcome{CaseKind: CaseNone}, 0)
	must(t, err)
	fixed := Outcome{CaseKind: CaseAdministrative, SolvedOn: day("2026-02-03"), UsersFound: 4,
		Seizures: []Seizure{{"ketamine", 2}}}
	if _, err := b.store.EditOutcome(ctx, b.officer, tip.ID, fixed, "案件已立", closed.Version); !errors.Is(err, ErrForbidden) {
		t.Fatalf("officer edited an outcome: %v", err)
	}
	if _, err := b.store.EditOutcome(ctx, b.super, tip.ID, fixed, " ", closed.Version); !errors.Is(err, ErrInvalid) {
		t.Fatalf("edit without a reason: %v", err)
	}
	if _, err := b.store.EditOutcome(ctx, b.super, tip.ID, fixed, "派出所反馈已作行政处罚", closed.Version); err != nil {
		t.Fatal(err)
	}
	got, err := b.store.Outcome(ctx, tip.ID)
	must(t, err)
	if got.CaseKind != CaseAdministrative || got.UsersFound != 4 || len(got.Seizures) != 1 || got.Seizures[0].Drug != "ketamine" {
		t.Fatalf("edited outcome %+v", got)
	}
	var reason, was string
	must(t, b.db.QueryRow(`SELECT detail->>'reason', detail->'was'->>'case_kind' FROM tip_events
		WHERE tip_id = $1 AND action = 'outcome_edited'`, tip.ID).Scan(&reason, &was))
	if reason != "派出所反馈已作行政处罚" || was != "none" {
		t.Fatalf("event reason %q was %q", reason, was)
	}

	// A tip closed otherwise has no outcome to edit, and a reopened one
	// closed again as unfounded keeps none.
	other := b.tipIn(t, StateClosed)
	if _, err := b.store.EditOutcome(ctx, b.super, other.ID, fixed, "补录", 0); !errors.Is(err, ErrIllegalTransition) {
		t.Fatalf("outcome on an unfounded tip: %v", err)
	}
	_, err = b.store.Reopen(ctx, b.super, tip.ID, 0)
	must(t, err)
	_, err = b.store.Close(ctx, b.super, tip.ID, Unfounded, 0, 0)
	must(t, err)
	if _, err := b.store.Outcome(ctx, tip.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("outcome after closing as unfounded: %v", err)
	}
}

func TestOperationsList(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	a, err := b.store.CreateOperation(ctx, "净网行动", "Clean Net")
	must(t, err)
	if _, err := b.store.CreateOperation(ctx, "净网行动", "Again"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("second operation of one name: %v", err)
	}
	if _, err := b.store.CreateOperation(ctx, " ", "Blank"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("blank name: %v", err)
	}
	must(t, b.store.RenameOperation(ctx, a.ID, "净网2026", "Clean Net 2026"))
	must(t, b.store.ArchiveOperation(ctx, a.ID, true))
	if l, err := b.store.Operations(ctx, false); err != nil || len(l) != 0 {
		t.Fatalf("archived listed: %v %v", l, err)
	}
	l, err := b.store.Operations(ctx, true)
	must(t, err)
	if len(l) != 1 || !l[0].Archived || l[0].Name("zh-CN") != "净网2026" || l[0].Name("en") != "Clean Net 2026" {
		t.Fatalf("operations %+v", l)
	}
	if err := b.store.ArchiveOperation(ctx, a.ID+100, true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("archive of no operation: %v", err)
	}
}
