package admin

import (
	"github.com/tipline/tipline/queue"
)

// EventDetail says what an event of the timeline did beyond its name and
// state change: the priorities of a priority change, the resolution of a
// closing, and the state a released tip is left in, with no holder. Empty
// when there is nothing more to say.
func (v *view) EventDetail(it timelineItem) string {
	if it.Type != "event" {
		return ""
	}
	switch it.Action {
	case "priority":
		to, ok := priorityOf(it.Detail["priority"])
		if !ok {
			return ""
		}
		name := v.T("priority." + to.String())
		if from, ok := priorityOf(it.Detail["from_priority"]); ok {
			return v.T("event.priority_change", v.T("priority."+from.String()), name)
		}
		return v.T("event.priority_set", name)
	case "closed":
		res, _ := it.Detail["resolution"].(string)
		if res == "" {
			return ""
		}
		name := v.T("resolution." + res)
		if dup, ok := it.Detail["duplicate_of"].(float64); ok && dup > 0 {
			name += v.T("event.duplicate_of", int64(dup))
		}
		return v.T("event.resolution", name)
	case "released":
		return v.T("event.released_to", v.T("state."+it.To))
	}
	return ""
}

// priorityOf reads a priority from an event's JSON detail.
func priorityOf(x any) (queue.Priority, bool) {
	f, ok := x.(float64)
	p := queue.Priority(f)
	return p, ok && p.Valid()
}
