package officer

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Refusal is a refused password or one-time code. errors.Is matches its Reason
// (ErrBadCredentials, ErrLocked, ErrDisabled, ErrBadCode, ErrCodeReused); the
// caller shows every refusal alike and keeps the reason for the audit log.
type Refusal struct {
	Reason error
	// Account is the account's username, or, when no account has the name
	// typed, "?" and a keyed hash of it: what was typed is sometimes a
	// password and is never stored.
	Account string
	// RecentFailures counts the account's failures in the current window from
	// every client, for slowing each further guess down.
	RecentFailures int
}

func (r *Refusal) Error() string { return r.Reason.Error() }
func (r *Refusal) Unwrap() error { return r.Reason }

// LoginFailures is one account's failed logins from every client, for the
// officers page (locked state) and the health page (sustained guessing).
type LoginFailures struct {
	OfficerID     int64      `db:"officer_id"`
	Username      string     `db:"username"`
	Failures      int        `db:"failures"`
	Clients       int        `db:"clients"`
	LockedClients int        `db:"locked_clients"`
	LockedUntil   *time.Time `db:"locked_until"`
	LastFailureAt time.Time  `db:"last_failure_at"`
}

// Locked says whether some client is locked out of the account now.
func (f LoginFailures) Locked() bool { return f.LockedClients > 0 }

// TypedName is how a name typed at login is kept: the account's username when
// it names one, else "?" and the first 8 hex digits of an HMAC under a key
// made at start-up, so repeated tries of one name can be grouped until a
// restart and nothing typed can be read back, with or without the config.
func (s *Store) TypedName(ctx context.Context, typed string) (string, error) {
	typed = NormalizeUsername(typed)
	var username string
	err := s.db.GetContext(ctx, &username, `SELECT username FROM officers WHERE username = $1`, typed)
	if errors.Is(err, sql.ErrNoRows) {
		return s.unknownName(typed), nil
	}
	if err != nil {
		return "", fmt.Errorf("officer: unable to look up a typed name: %w", err)
	}
	return username, nil
}

func (s *Store) unknownName(typed string) string {
	m := hmac.New(sha256.New, s.nameKey)
	m.Write([]byte(typed))
	return "?" + hex.EncodeToString(m.Sum(nil)[:4])
}

// lockedOut says whether client is locked out of the account.
func (s *Store) lockedOut(ctx context.Context, id int64, client string) (bool, error) {
	var locked bool
	err := s.db.GetContext(ctx, &locked, `
		SELECT coalesce(bool_or(locked_until > $3), false) FROM officer_login_failures
		 WHERE officer_id = $1 AND client = $2`, id, client, s.now())
	if err != nil {
		return false, fmt.Errorf("officer: unable to read a lockout: %w", err)
	}
	return locked, nil
}

// refuse counts a failure of client on the account, locks the pair at
// MaxFailures within LockFor, and returns the refusal with the account's recent
// failures. A client already locked adds to the total only: its lock is not
// prolonged, so it ends when it said it would.
func (s *Store) refuse(ctx context.Context, id int64, username, client string, reason error) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO officer_login_failures AS f (officer_id, client, failures, total, last_failure_at, locked_until)
		VALUES ($1, $2, CASE WHEN $4::int <= 1 THEN 0 ELSE 1 END, 1, $3::timestamptz,
		        CASE WHEN $4::int <= 1 THEN $3::timestamptz + $5::bigint * interval '1 millisecond' END)
		ON CONFLICT (officer_id, client) DO UPDATE SET
		  total = f.total + 1,
		  last_failure_at = $3,
		  failures = CASE
		    WHEN f.locked_until > $3 THEN f.failures
		    WHEN (CASE WHEN f.last_failure_at < $3 - $5::bigint * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END) >= $4 THEN 0
		    ELSE (CASE WHEN f.last_failure_at < $3 - $5::bigint * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END) END,
		  locked_until = CASE
		    WHEN f.locked_until > $3 THEN f.locked_until
		    WHEN (CASE WHEN f.last_failure_at < $3 - $5::bigint * interval '1 millisecond' THEN 1 ELSE f.failures + 1 END) >= $4
		      THEN $3 + $5::bigint * interval '1 millisecond'
		    ELSE f.locked_until END`,
		id, client, now, s.lockout.MaxFailures, s.lockout.LockFor.Milliseconds())
	if err != nil {
		return fmt.Errorf("officer: unable to count a failed login: %w", err)
	}
	// Rows quiet for a day and not locked are of no further use to anyone.
	_, err = s.db.ExecContext(ctx, `
		DELETE FROM officer_login_failures
		 WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until < $2)`, now.Add(-24*time.Hour), now)
	if err != nil {
		return fmt.Errorf("officer: unable to prune failed logins: %w", err)
	}
	var recent int
	err = s.db.GetContext(ctx, &recent, `
		SELECT coalesce(sum(total), 0) FROM officer_login_failures
		 WHERE officer_id = $1 AND last_failure_at > $2`, id, now.Add(-s.lockout.LockFor))
	if err != nil {
		return fmt.Errorf("officer: unable to count failed logins: %w", err)
	}
	return &Refusal{Reason: reason, Account: username, RecentFailures: recent}
}

// RecordLogin notes a completed login (password and, if enrolled, one-time
// code) from client: the client's failures on the account are forgiven.
func (s *Store) RecordLogin(ctx context.Context, id int64, client string) error {
	if err := s.updateID(ctx, "record a login", id,
		`UPDATE officers SET last_login_at = $2 WHERE id = $1`, s.now()); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM officer_login_failures WHERE officer_id = $1 AND client = $2`, id, client)
	if err != nil {
		return fmt.Errorf("officer: unable to forgive failed logins: %w", err)
	}
	return nil
}

// Unlock ends every client's lockout of the account and its one-time code
// lock, for an administrator who has checked with the officer.
func (s *Store) Unlock(ctx context.Context, username string) error {
	var id int64
	err := s.db.GetContext(ctx, &id, `
		UPDATE officers SET totp_failures = 0, totp_failures_since = NULL, updated_at = now()
		 WHERE username = $1 RETURNING id`, NormalizeUsername(username))
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("officer: unable to unlock: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM officer_login_failures WHERE officer_id = $1`, id); err != nil {
		return fmt.Errorf("officer: unable to unlock: %w", err)
	}
	return nil
}

// FailedLogins lists the accounts with failed logins in the last day, those
// with a locked-out client first.
func (s *Store) FailedLogins(ctx context.Context) ([]LoginFailures, error) {
	now := s.now()
	var out []LoginFailures
	err := s.db.SelectContext(ctx, &out, `
		SELECT f.officer_id, o.username, sum(f.total) AS failures, count(*) AS clients,
		       count(*) FILTER (WHERE f.locked_until > $1) AS locked_clients,
		       max(f.locked_until) FILTER (WHERE f.locked_until > $1) AS locked_until,
		       max(f.last_failure_at) AS last_failure_at
		  FROM officer_login_failures f JOIN officers o ON o.id = f.officer_id
		 WHERE f.last_failure_at > $2 OR f.locked_until > $1
		 GROUP BY f.officer_id, o.username
		 ORDER BY count(*) FILTER (WHERE f.locked_until > $1) > 0 DESC, sum(f.total) DESC, o.username`,
		now, now.Add(-24*time.Hour))
	if err != nil {
		return nil, fmt.Errorf("officer: unable to list failed logins: %w", err)
	}
	return out, nil
}
