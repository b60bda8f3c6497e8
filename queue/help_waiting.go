package queue

import (
	"context"
	"fmt"
)

// HelpWaiting is what waits for the counsellors: help questions nobody has
// taken yet and those whose asker wrote again since their holder looked.
type HelpWaiting struct {
	New     int
	Replied int
}

// Total is every help question that waits for a counsellor.
func (w HelpWaiting) Total() int { return w.New + w.Replied }

// WaitingHelp counts the help questions that wait for a counsellor. Only an
// actor who may see help questions learns of them: for the enforcement roles
// the answer is always empty, so no page of theirs can hint that a person
// asked for help.
func (s *Store) WaitingHelp(ctx context.Context, by Actor) (HelpWaiting, error) {
	var w HelpWaiting
	if !by.maysee(KindHelp) {
		return w, nil
	}
	counts, err := s.CountByState(ctx, KindHelp)
	if err != nil {
		return w, err
	}
	w.New = counts[StateNew]
	err = s.db.QueryRowContext(ctx, `
		SELECT count(*) FROM tips
		 WHERE kind = 'help' AND reporter_replied_at IS NOT NULL AND state <> 'closed'`).Scan(&w.Replied)
	if err != nil {
		return w, fmt.Errorf("queue: unable to count replied help questions: %w", err)
	}
	return w, nil
}
