package officer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Authenticate checks a username and password. It does the same argon2 work whether
// or not the username exists, so timing does not tell which accounts exist. Wrong
// passwords count towards the account's lockout; a locked account is refused even
// with the right password until the lock expires.
func (s *Store) Authenticate(ctx context.Context, username, password string) (Officer, error) {
	username = NormalizeUsername(username)
	var row struct {
		ID          int64      `db:"id"`
		Hash        string     `db:"password_hash"`
		Disabled    bool       `db:"disabled"`
		LockedUntil *time.Time `db:"locked_until"`
	}
	err := s.db.GetContext(ctx, &row, `
		SELECT id, password_hash, disabled_at IS NOT NULL AS disabled, locked_until
		  FROM officers WHERE username = $1`, username)
	if errors.Is(err, sql.ErrNoRows) {
		verifyPassword(dummyHash(), password)
		return Officer{}, ErrBadCredentials
	}
	if err != nil {
		return Officer{}, fmt.Errorf("officer: unable to authenticate: %w", err)
	}
	ok := verifyPassword(row.Hash, password)
	now := s.now()
	if row.LockedUntil != nil && now.Before(*row.LockedUntil) {
		return Officer{}, ErrLocked
	}
	if !ok {
		// Count the failure; at the limit, lock and start counting afresh.
		_, err := s.db.ExecContext(ctx, `
			UPDATE officers SET
			  failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
			  locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
			 WHERE id = $1`, row.ID, s.lockout.MaxFailures, now.Add(s.lockout.LockFor))
		if err != nil {
			return Officer{}, fmt.Errorf("officer: unable to count a failed login: %w", err)
		}
		return Officer{}, ErrBadCredentials
	}
	if row.Disabled {
		return Officer{}, ErrDisabled
	}
	var o Officer
	err = s.db.GetContext(ctx, &o, `
		UPDATE officers SET failed_logins = 0, locked_until = NULL, last_login_at = $2
		 WHERE id = $1 RETURNING `+officerColumns, row.ID, now)
	if err != nil {
		return Officer{}, fmt.Errorf("officer: unable to record a login: %w", err)
	}
	return o, nil
}
