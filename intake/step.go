package intake

import "github.com/tipline/tipline/queue"

// Step is a step of a report, in the order every channel asks them.
type Step string

// The steps.
const (
	StepCategory    Step = "category"
	StepArea        Step = "area"
	StepOccurred    Step = "occurred"
	StepDescription Step = "description"
	StepEvidence    Step = "evidence"
	StepContact     Step = "contact"
	StepReview      Step = "review"
)

// Steps are the steps of a report in a channel, in order.
func Steps(ch Channel) []Step {
	if ch.hasContactStep() {
		return []Step{StepCategory, StepArea, StepOccurred, StepDescription, StepEvidence, StepContact, StepReview}
	}
	return []Step{StepCategory, StepArea, StepOccurred, StepDescription, StepEvidence, StepReview}
}

// Next is the step after st in ch, or st itself at the end.
func Next(ch Channel, st Step) Step {
	steps := Steps(ch)
	for i, s := range steps {
		if s == st && i+1 < len(steps) {
			return steps[i+1]
		}
	}
	return st
}

// Prev is the step before st in ch, or st itself at the start.
func Prev(ch Channel, st Step) Step {
	steps := Steps(ch)
	for i, s := range steps {
		if s == st && i > 0 {
			return steps[i-1]
		}
	}
	return st
}

// Occurrences are the answers to "when", in the order they are offered.
var Occurrences = []queue.Occurred{queue.OccurredNow, queue.OccurredToday, queue.OccurredThisWeek, queue.OccurredEarlier}

// ValidOccurred reports whether o is one of Occurrences.
func ValidOccurred(o string) bool {
	for _, v := range Occurrences {
		if string(v) == o {
			return true
		}
	}
	return false
}

// AreaUnknown is the area code of "not sure": stored as a code, so each
// reader sees it in their own language (AreaName).
const AreaUnknown = queue.AreaUnknown

// MaxAreaText is the longest typed place, in characters.
const MaxAreaText = 200

// Contact modes a reporter may choose (Report.Contact).
const (
	ContactChat = string(queue.ContactChat)
	ContactCode = string(queue.ContactCode)
)
