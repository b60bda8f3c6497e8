package officer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Authenticate checks a username and password from client (its address). It
// does the same argon2 work whether or not the username exists, and whether or
// not the client is locked out, so timing tells neither. A wrong password
// counts against the (account, client) pair; a locked-out client is refused
// even with the right password until its lock ends, while every other client,
// the account's owner's included, still logs in. Refusals are *Refusal; the
// login is completed, and the client's failures forgiven, by RecordLogin.
func (s *Store) Authenticate(ctx context.Context, username, password, client string) (Officer, error) {
	username = NormalizeUsername(username)
	var row struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
		Hash     string `db:"password_hash"`
		Disabled bool   `db:"disabled"`
	}
	err := s.db.GetContext(ctx, &row, `
		SELECT id, username, password_hash, disabled_at IS NOT NULL AS disabled
		  FROM officers WHERE username = $1`, username)
	if errors.Is(err, sql.ErrNoRows) {
		if err := hashes.run(ctx, func() { verifyPassword(dummyHash(), password) }); err != nil {
			return Officer{}, err
		}
		return Officer{}, &Refusal{Reason: ErrBadCredentials, Account: s.unknownName(username)}
	}
	if err != nil {
		return Officer{}, fmt.Errorf("officer: unable to authenticate: %w", err)
	}
	ok, err := verify(ctx, row.Hash, password)
	if err != nil {
		return Officer{}, err
	}
	locked, err := s.lockedOut(ctx, row.ID, client)
	switch {
	case err != nil:
		return Officer{}, err
	case locked:
		return Officer{}, s.refuse(ctx, row.ID, row.Username, client, ErrLocked)
	case !ok:
		return Officer{}, s.refuse(ctx, row.ID, row.Username, client, ErrBadCredentials)
	case row.Disabled:
		return Officer{}, &Refusal{Reason: ErrDisabled, Account: row.Username}
	}
	return s.Get(ctx, row.ID)
}
