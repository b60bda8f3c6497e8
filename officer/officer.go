// Package officer owns the officers table: the office's staff accounts, their
// argon2id password hashes, TOTP secrets, lockout counters and locale; and
// the role model every package asks what an officer may do (role.go).
package officer

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

var (
	ErrNotFound       = errors.New("officer: not found")
	ErrExists         = errors.New("officer: username already taken")
	ErrBadCredentials = errors.New("officer: wrong username or password")
	ErrLocked         = errors.New("officer: client temporarily locked out of the account")
	ErrDisabled       = errors.New("officer: account disabled")
	ErrWeakPassword   = errors.New("officer: password too weak (at least 10 characters)")
	ErrInvalid        = errors.New("officer: invalid value")
	ErrBadCode        = errors.New("officer: wrong one-time code")
	ErrNotEnrolled    = errors.New("officer: no one-time code enrolment pending")
	// ErrCodeReused wraps ErrBadCode: the code was right but already used.
	ErrCodeReused = fmt.Errorf("%w (already used)", ErrBadCode)
)

// Officer is one staff account; it never carries the password hash or TOTP secret.
type Officer struct {
	ID                 int64      `db:"id"`
	Username           string     `db:"username"`
	DisplayName        string     `db:"display_name"`
	Role               Role       `db:"role"`
	MustChangePassword bool       `db:"must_change_password"`
	TOTPEnrolled       bool       `db:"totp_enrolled"`
	Locale             string     `db:"locale"`
	Disabled           bool       `db:"disabled"`
	LastLoginAt        *time.Time `db:"last_login_at"`
	CreatedAt          time.Time  `db:"created_at"`
	// SessionsValidAfter: sessions issued before it are refused ("log out everywhere").
	SessionsValidAfter time.Time `db:"sessions_valid_after"`
}

// Name is what other officers see: the display name, or the username.
func (o Officer) Name() string {
	if o.DisplayName != "" {
		return o.DisplayName
	}
	return o.Username
}

// Lockout policy for one (account, client address) pair: after MaxFailures
// wrong passwords or one-time codes within LockFor, that client is locked out
// of that account for LockFor. Zero values take defaults.
type Lockout struct {
	MaxFailures int
	LockFor     time.Duration
}

// Store is the officers table.
type Store struct {
	db      *sqlx.DB
	lockout Lockout
	now     func() time.Time
	issuer  string
	sealer  Sealer
	older   []Sealer // open secrets sealed before sealer was configured
	// nameKey keys the hash kept of a name typed at login that names no
	// account; made at start-up and never stored.
	nameKey []byte
}

// Sealer encrypts TOTP secrets at rest (anon.Keys does).
type Sealer interface {
	Seal(plain []byte) []byte
	Open(sealed []byte) ([]byte, error)
}

// NewStore returns a store with the default lockout (5 failures, 15 minutes).
func NewStore(db *sqlx.DB) *Store {
	return &Store{db: db, lockout: Lockout{MaxFailures: 5, LockFor: 15 * time.Minute}, now: time.Now, issuer: "Tipline",
		nameKey: []byte(rand.Text())}
}

// WithLockout sets the per-(account, client) lockout policy (cfg.Limits.LoginFailuresPerAcc).
func (s *Store) WithLockout(l Lockout) *Store {
	c := *s
	if l.MaxFailures > 0 {
		c.lockout.MaxFailures = l.MaxFailures
	}
	if l.LockFor > 0 {
		c.lockout.LockFor = l.LockFor
	}
	return &c
}

// WithSealer seals TOTP secrets written from now on with k. Secrets sealed
// with one of older (keys.seal, before keys.totp was set) or stored unsealed
// keep working and are sealed with k at the officer's next login. A nil k
// keeps secrets unsealed.
func (s *Store) WithSealer(k Sealer, older ...Sealer) *Store {
	c := *s
	c.sealer = k
	c.older = older
	return &c
}

// WithClock injects time for tests.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

const officerColumns = `id, username, display_name, role, must_change_password,
	totp_enrolled_at IS NOT NULL AS totp_enrolled, locale, disabled_at IS NOT NULL AS disabled,
	last_login_at, created_at, sessions_valid_after`
