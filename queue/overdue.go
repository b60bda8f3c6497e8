package queue

import (
	"slices"
	"strings"
	"time"
)

// The overdue rule, written once for every reader — a tip's page, the
// queue's filter, the dashboard, the digests and /metrics: triage is late
// until the tip is forwarded or closed; after forwarding, the receiving
// unit's feedback is late past feedback_due.

// triageStates are the states in which the triage deadline runs.
var triageStates = []State{StateNew, StateInReview, StateNeedsInfo}

// overdue is the rule in Go, for a tip read.
func overdue(st State, triageDue time.Time, feedbackDue *time.Time, now time.Time) bool {
	switch {
	case slices.Contains(triageStates, st):
		return now.After(triageDue)
	case st == StateForwarded:
		return feedbackDue != nil && now.After(*feedbackDue)
	}
	return false
}

// TriageLateSQL is the triage half of the rule as an SQL condition on the
// tips columns prefixed by alias ("t." or ""), late at the expression at.
// The state list is literal, so the planner can use the open tips' partial
// indexes.
func TriageLateSQL(alias, at string) string {
	states := make([]string, len(triageStates))
	for i, st := range triageStates {
		states[i] = "'" + string(st) + "'"
	}
	return "(" + alias + "state IN (" + strings.Join(states, ", ") + ") AND " + alias + "triage_due < " + at + ")"
}

// FeedbackLateSQL is the feedback half of the rule (see TriageLateSQL).
func FeedbackLateSQL(alias, at string) string {
	return "(" + alias + "state = '" + string(StateForwarded) + "' AND " + alias + "feedback_due < " + at + ")"
}

// OverdueSQL is the whole rule as an SQL condition (see TriageLateSQL).
func OverdueSQL(alias, at string) string {
	return "(" + TriageLateSQL(alias, at) + " OR " + FeedbackLateSQL(alias, at) + ")"
}
