package admin

import (
	"net/http"
	"slices"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// repliedPinned bounds the replied tips pinned above an officer's own list.
const repliedPinned = 20

// repliedFirst puts, on the first page of an officer's own tips, those whose
// reporter wrote since the officer last looked at the top: the answer they
// asked for is the next thing to read. The rest keep the list's order.
func (h *handler) repliedFirst(r *http.Request, o *officer.Officer, f queue.Filter, tips []queue.Tip) ([]queue.Tip, error) {
	if f.AssigneeID != o.ID || f.After != "" || f.Replied {
		return tips, nil
	}
	rf := f
	rf.Replied, rf.Limit = true, repliedPinned
	replied, err := h.queue.ListAs(r.Context(), actor(o), rf)
	if err != nil || len(replied.Tips) == 0 {
		return tips, err
	}
	pinned := replied.Tips
	for _, t := range tips {
		if !slices.ContainsFunc(pinned, func(p queue.Tip) bool { return p.ID == t.ID }) {
			pinned = append(pinned, t)
		}
	}
	return pinned, nil
}
