package intake

import (
	"errors"
	"fmt"

	"github.com/tipline/tipline/queue"
)

func errorf(format string, args ...any) error {
	return fmt.Errorf("intake: "+format, args...)
}

var (
	// ErrIncomplete: a step of the report is not done (see IncompleteError).
	ErrIncomplete = errors.New("intake: report incomplete")
	// ErrLimited: a per-client limit is reached (see LimitError).
	ErrLimited = errors.New("intake: limit reached")
	// ErrWrongReceipt: the text is no receipt of a tip. A malformed code and
	// an unknown one give this same error, so guessing learns nothing.
	ErrWrongReceipt = errors.New("intake: wrong receipt")
	// ErrNoDraft: there is no draft under the key (or it has expired).
	ErrNoDraft = errors.New("intake: no draft")
	// ErrNoFile: the draft holds no such file waiting for the reporter's
	// choice.
	ErrNoFile = errors.New("intake: no such held file")
	// ErrGone: the tip no longer takes answers or information (closed,
	// purged, or the question is not the tip's).
	ErrGone = errors.New("intake: tip no longer open to the reporter")
	// ErrBlocked: the reporter is blocked (queue.ErrBlocked). Channels answer
	// neutrally, never telling a blocked reporter they are.
	ErrBlocked = queue.ErrBlocked
	// ErrRefused: the queue refused the submission (queue.ErrInvalid).
	ErrRefused = queue.ErrInvalid
)

// IncompleteError names the first step still to do, and why.
type IncompleteError struct {
	Step Step
	// Short is set when the description is there but below DescriptionMin.
	Short bool
}

func (e *IncompleteError) Error() string {
	if e.Short {
		return fmt.Sprintf("intake: the %s is too short", e.Step)
	}
	return fmt.Sprintf("intake: step %s is not done", e.Step)
}

func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// LimitError names the limit reached.
type LimitError struct {
	Kind  LimitKind
	Limit int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("intake: limit %s of %d reached", e.Kind, e.Limit)
}

func (e *LimitError) Unwrap() error { return ErrLimited }

// ProblemError is a file refused while answering or adding information;
// nothing was stored and the text can be sent again with other files.
type ProblemError struct {
	Index   int // of the refused file among those given
	Problem Problem
	// Remains is what may identify the reporter in an uncleanable file:
	// ask them, and send it again with KeepUncleanable if they agree.
	Remains []string
}

func (e *ProblemError) Error() string {
	return fmt.Sprintf("intake: file %d refused: %s", e.Index, e.Problem)
}
