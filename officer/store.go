package officer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/lib/pq"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{1,31}$`)

// NormalizeUsername lower-cases and trims; usernames are compared that way.
func NormalizeUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// Create adds an officer with the given role and password.
func (s *Store) Create(ctx context.Context, username string, role Role, password string) (Officer, error) {
	username = NormalizeUsername(username)
	if !usernamePattern.MatchString(username) {
		return Officer{}, fmt.Errorf("%w: username must be 2–32 of a-z 0-9 _ . -", ErrInvalid)
	}
	if !role.Valid() {
		return Officer{}, fmt.Errorf("%w: unknown role %q", ErrInvalid, role)
	}
	if err := CheckPolicy(password); err != nil {
		return Officer{}, err
	}
	phc, err := hash(ctx, password)
	if err != nil {
		return Officer{}, err
	}
	var o Officer
	err = s.db.GetContext(ctx, &o, `
		INSERT INTO officers (username, role, password_hash) VALUES ($1, $2, $3)
		RETURNING `+officerColumns, username, role, phc)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return Officer{}, ErrExists
	}
	if err != nil {
		return Officer{}, fmt.Errorf("officer: unable to create %s: %w", username, err)
	}
	return o, nil
}

// SetPassword replaces the password, clears any lockout and, when mustChange is
// set, makes the officer choose a new one at the next login. Sessions stay valid
// unless the caller also logs the officer out everywhere.
func (s *Store) SetPassword(ctx context.Context, username, password string, mustChange bool) error {
	if err := CheckPolicy(password); err != nil {
		return err
	}
	phc, err := hash(ctx, password)
	if err != nil {
		return err
	}
	if err := s.update(ctx, "set password", NormalizeUsername(username), `
		UPDATE officers SET password_hash = $2, must_change_password = $3, updated_at = now() WHERE username = $1`,
		phc, mustChange); err != nil {
		return err
	}
	return s.Unlock(ctx, username)
}

// ChangePassword is the officer changing their own password from client: the
// old one must match, and is guessed no more easily than at login (the same
// hash gate, the same (account, client) lockout, the same refusals). Every
// session of the officer ends, the caller's too unless it renews its own.
func (s *Store) ChangePassword(ctx context.Context, id int64, oldPassword, newPassword, client string) error {
	var phc, username string
	err := s.db.QueryRowContext(ctx, `SELECT password_hash, username FROM officers WHERE id = $1`, id).Scan(&phc, &username)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("officer: unable to change password: %w", err)
	}
	ok, err := verify(ctx, phc, oldPassword)
	if err != nil {
		return err
	}
	locked, err := s.lockedOut(ctx, id, client)
	switch {
	case err != nil:
		return err
	case locked:
		return s.refuse(ctx, id, username, client, ErrLocked)
	case !ok:
		return s.refuse(ctx, id, username, client, ErrBadCredentials)
	case oldPassword == newPassword:
		return fmt.Errorf("%w: the new password must differ from the old one", ErrWeakPassword)
	}
	if err := CheckPolicy(newPassword); err != nil {
		return err
	}
	h, err := hash(ctx, newPassword)
	if err != nil {
		return err
	}
	return s.updateID(ctx, "change password", id, `
		UPDATE officers SET password_hash = $2, must_change_password = false,
		       sessions_valid_after = greatest(sessions_valid_after, $3), updated_at = now() WHERE id = $1`, h, s.now())
}

// Disable refuses the officer's logins and ends their sessions.
func (s *Store) Disable(ctx context.Context, username string) error {
	return s.update(ctx, "disable", NormalizeUsername(username), `
		UPDATE officers SET disabled_at = coalesce(disabled_at, now()), sessions_valid_after = greatest(sessions_valid_after, now()),
		       updated_at = now() WHERE username = $1`)
}

// Enable lets a disabled officer log in again.
func (s *Store) Enable(ctx context.Context, username string) error {
	return s.update(ctx, "enable", NormalizeUsername(username), `
		UPDATE officers SET disabled_at = NULL, updated_at = now() WHERE username = $1`)
}

// SetRole changes an officer's role and ends their sessions, so the new rights
// apply from the next login.
func (s *Store) SetRole(ctx context.Context, username string, role Role) error {
	if !role.Valid() {
		return fmt.Errorf("%w: unknown role %q", ErrInvalid, role)
	}
	return s.update(ctx, "set role", NormalizeUsername(username), `
		UPDATE officers SET role = $2, sessions_valid_after = greatest(sessions_valid_after, now()), updated_at = now() WHERE username = $1`, role)
}

// SetDisplayName sets the name other officers see (at most 64 characters).
func (s *Store) SetDisplayName(ctx context.Context, id int64, name string) error {
	name = strings.TrimSpace(name)
	if len([]rune(name)) > 64 {
		return fmt.Errorf("%w: display name longer than 64 characters", ErrInvalid)
	}
	return s.updateID(ctx, "set display name", id, `UPDATE officers SET display_name = $2, updated_at = now() WHERE id = $1`, name)
}

// SetLocale sets the officer's interface language: "zh-CN" or "en".
func (s *Store) SetLocale(ctx context.Context, id int64, locale string) error {
	if locale != "zh-CN" && locale != "en" {
		return fmt.Errorf("%w: unknown locale %q", ErrInvalid, locale)
	}
	return s.updateID(ctx, "set locale", id, `UPDATE officers SET locale = $2, updated_at = now() WHERE id = $1`, locale)
}

// LogoutEverywhere invalidates every session the officer holds.
func (s *Store) LogoutEverywhere(ctx context.Context, id int64) error {
	return s.updateID(ctx, "log out everywhere", id,
		`UPDATE officers SET sessions_valid_after = greatest(sessions_valid_after, $2), updated_at = now() WHERE id = $1`, s.now())
}

// List returns every officer, by username.
func (s *Store) List(ctx context.Context) ([]Officer, error) {
	var out []Officer
	if err := s.db.SelectContext(ctx, &out, `SELECT `+officerColumns+` FROM officers ORDER BY username`); err != nil {
		return nil, fmt.Errorf("officer: unable to list: %w", err)
	}
	return out, nil
}

// Get returns the officer with that id.
func (s *Store) Get(ctx context.Context, id int64) (Officer, error) {
	return s.one(ctx, `SELECT `+officerColumns+` FROM officers WHERE id = $1`, id)
}

// ByUsername returns the officer with that username.
func (s *Store) ByUsername(ctx context.Context, username string) (Officer, error) {
	return s.one(ctx, `SELECT `+officerColumns+` FROM officers WHERE username = $1`, NormalizeUsername(username))
}

func (s *Store) one(ctx context.Context, q string, arg any) (Officer, error) {
	var o Officer
	err := s.db.GetContext(ctx, &o, q, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return Officer{}, ErrNotFound
	}
	if err != nil {
		return Officer{}, fmt.Errorf("officer: unable to fetch: %w", err)
	}
	return o, nil
}

func (s *Store) update(ctx context.Context, what, username, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, append([]any{username}, args...)...)
	return rowsOrNotFound(res, err, what)
}

func (s *Store) updateID(ctx context.Context, what string, id int64, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, append([]any{id}, args...)...)
	return rowsOrNotFound(res, err, what)
}

func rowsOrNotFound(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("officer: unable to %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("officer: unable to %s: %w", what, err)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// RequirePasswordChange makes the officer choose a new password at the next login,
// as after an administrator set a temporary one.
func (s *Store) RequirePasswordChange(ctx context.Context, id int64) error {
	return s.updateID(ctx, "require a password change", id,
		`UPDATE officers SET must_change_password = true, updated_at = now() WHERE id = $1`)
}
