package queue

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The overdue rule in Go and in SQL agree for every state and deadline (as
// a WHERE or FILTER reads it: unknown is not overdue).
func TestOverdueRuleAgreesInGoAndSQL(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, st := range States {
		for _, triage := range []time.Duration{-time.Hour, time.Hour} {
			for _, feedback := range []*time.Duration{nil, ptr(-time.Hour), ptr(time.Hour)} {
				var fd *time.Time
				if feedback != nil {
					at := now.Add(*feedback)
					fd = &at
				}
				var inSQL bool
				err := b.db.GetContext(context.Background(), &inSQL, `
					SELECT coalesce(`+OverdueSQL("x.", "$4::timestamptz")+`, false) FROM (SELECT $1::text AS state, $2::timestamptz AS triage_due, $3::timestamptz AS feedback_due) x`,
					string(st), now.Add(triage), fd, now)
				must(t, err)
				if inGo := overdue(st, now.Add(triage), fd, now); inGo != inSQL {
					t.Errorf("%s, triage %v, feedback %v: Go says %v, SQL %v", st, triage, fmtPtr(feedback), inGo, inSQL)
				}
			}
		}
	}
}

// Every order the queue page offers is one the list knows, and back.
func TestSortsAreTheListsOrders(t *testing.T) {
	t.Parallel()
	if len(Sorts) != len(listSorts) {
		t.Fatalf("Sorts %v, list orders %d", Sorts, len(listSorts))
	}
	for _, s := range Sorts {
		if _, ok := listSorts[s]; !ok {
			t.Errorf("Sorts offers %q, which the list does not know", s)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func fmtPtr(d *time.Duration) string {
	if d == nil {
		return "none"
	}
	return fmt.Sprint(*d)
}
