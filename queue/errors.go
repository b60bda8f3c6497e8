package queue

import (
	"errors"
	"fmt"
)

// Errors of the queue. They are returned wrapped with context; callers use errors.Is.
var (
	// ErrNotFound: no such tip (or one of a kind the actor may not see).
	ErrNotFound = errors.New("queue: not found")
	// ErrIllegalTransition: the tip's state does not allow this action.
	ErrIllegalTransition = errors.New("queue: not allowed in the tip's current state")
	// ErrConflict: the tip changed since the officer's page showed it.
	ErrConflict = errors.New("queue: the tip was changed by someone else meanwhile; reload it and try again")
	// ErrClaimed: another officer holds the tip.
	ErrClaimed = errors.New("queue: the tip is held by another officer")
	// ErrNothingToClaim: no unclaimed tip is waiting.
	ErrNothingToClaim = errors.New("queue: nothing to claim")
	// ErrInvalid: bad input; wrapped with the field (see InvalidError).
	ErrInvalid = errors.New("queue: invalid input")
	// ErrBlocked: the reporter is blocked.
	ErrBlocked = errors.New("queue: reporter is blocked")
	// ErrForbidden: the actor's role may not do this.
	ErrForbidden = errors.New("queue: not allowed for this role")
)

// InvalidError names the field that was refused. errors.Is(err, ErrInvalid) holds.
type InvalidError struct {
	Field  string
	Reason string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("queue: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
