package officer

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Enrolment is a pending TOTP secret shown once to the officer.
type Enrolment struct {
	Secret string // base32, for typing into an app by hand
	URL    string // otpauth:// URL
	QRPNG  []byte // the URL as a QR code
}

// EnrolTOTP makes a new secret for the officer and keeps it pending (not yet
// required at login) until ConfirmTOTP proves the officer's app has it. Calling it
// again replaces a pending secret; an enrolled one must be reset first.
func (s *Store) EnrolTOTP(ctx context.Context, id int64) (Enrolment, error) {
	o, err := s.Get(ctx, id)
	if err != nil {
		return Enrolment{}, err
	}
	if o.TOTPEnrolled {
		return Enrolment{}, fmt.Errorf("%w: one-time codes are already enrolled", ErrInvalid)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer, AccountName: o.Username, SecretSize: 20})
	if err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to make a TOTP secret: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to draw the QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to encode the QR code: %w", err)
	}
	if err := s.updateID(ctx, "store a TOTP secret", id,
		`UPDATE officers SET totp_secret = $2, totp_last_step = NULL, updated_at = now() WHERE id = $1 AND totp_enrolled_at IS NULL`,
		s.sealSecret(key.Secret())); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// PendingTOTP returns the pending enrolment again (for redrawing the page) or
// ErrNotEnrolled when there is none.
func (s *Store) PendingTOTP(ctx context.Context, id int64) (Enrolment, error) {
	var secret sql.NullString
	var username string
	err := s.db.QueryRowContext(ctx, `SELECT totp_secret, username FROM officers WHERE id = $1 AND totp_enrolled_at IS NULL`, id).Scan(&secret, &username)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !secret.Valid) {
		return Enrolment{}, ErrNotEnrolled
	}
	if err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to read the pending secret: %w", err)
	}
	plain, _, err := s.openSecret(secret.String)
	if err != nil {
		return Enrolment{}, err
	}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/%s:%s?secret=%s&issuer=%s", s.issuer, username, plain, s.issuer))
	if err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to rebuild the key: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to draw the QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, fmt.Errorf("officer: unable to encode the QR code: %w", err)
	}
	return Enrolment{Secret: plain, URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// ConfirmTOTP completes enrolment when code matches the pending secret.
func (s *Store) ConfirmTOTP(ctx context.Context, id int64, code string) error {
	var secret sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT totp_secret FROM officers WHERE id = $1 AND totp_enrolled_at IS NULL`, id).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !secret.Valid) {
		return ErrNotEnrolled
	}
	if err != nil {
		return fmt.Errorf("officer: unable to confirm TOTP: %w", err)
	}
	plain, _, err := s.openSecret(secret.String)
	if err != nil {
		return err
	}
	step, err := s.matchingStep(code, plain)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `
		UPDATE officers SET totp_enrolled_at = $2, totp_last_step = $3, updated_at = now()
		 WHERE id = $1 AND totp_enrolled_at IS NULL AND (totp_last_step IS NULL OR totp_last_step < $3)`, id, s.now(), step)
	if err := rowsOrNotFound(res, err, "confirm TOTP"); errors.Is(err, ErrNotFound) {
		return ErrCodeReused
	} else if err != nil {
		return err
	}
	return nil
}

// TOTPFailuresPerAccount is how many wrong one-time codes the account takes
// from every client together within the lockout window before it accepts none
// until the window ends. Only someone who knows the password gets this far, so
// an attacker with many addresses cannot try a million codes, and cannot use
// the limit to lock out anyone who does not share the password.
const TOTPFailuresPerAccount = 10

// VerifyTOTP checks a code against the officer's enrolled secret, from client.
// A wrong code, or a right one already used, counts against the (account,
// client) pair as a wrong password does and against the account's codes
// (TOTPFailuresPerAccount); refusals are *Refusal.
func (s *Store) VerifyTOTP(ctx context.Context, id int64, code, client string) error {
	var row struct {
		Secret   sql.NullString `db:"totp_secret"`
		Username string         `db:"username"`
		Failures int            `db:"failures"`
	}
	now := s.now()
	err := s.db.GetContext(ctx, &row, `
		SELECT totp_secret, username,
		       CASE WHEN totp_failures_since > $2 THEN totp_failures ELSE 0 END AS failures
		  FROM officers WHERE id = $1 AND totp_enrolled_at IS NOT NULL`, id, now.Add(-s.lockout.LockFor))
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotEnrolled
	}
	if err != nil {
		return fmt.Errorf("officer: unable to verify TOTP: %w", err)
	}
	locked, err := s.lockedOut(ctx, id, client)
	if err != nil {
		return err
	}
	if locked || row.Failures >= TOTPFailuresPerAccount {
		return s.refuseCode(ctx, id, row.Username, client, ErrLocked)
	}
	plain, current, err := s.openSecret(row.Secret.String)
	if err != nil {
		return err
	}
	step, err := s.matchingStep(code, plain)
	if errors.Is(err, ErrBadCode) {
		return s.refuseCode(ctx, id, row.Username, client, err)
	}
	if err != nil {
		return err
	}
	// Accepting a step moves the mark forward in one conditional update, so of two
	// logins racing with the same code only one wins.
	res, err := s.db.ExecContext(ctx, `
		UPDATE officers SET totp_last_step = $2
		 WHERE id = $1 AND totp_enrolled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)`, id, step)
	if err := rowsOrNotFound(res, err, "verify TOTP"); errors.Is(err, ErrNotFound) {
		return s.refuseCode(ctx, id, row.Username, client, ErrCodeReused)
	} else if err != nil {
		return err
	}
	if !current {
		return s.reseal(ctx, id, row.Secret.String, plain)
	}
	return nil
}

// refuseCode counts a refused one-time code against the account and the pair.
func (s *Store) refuseCode(ctx context.Context, id int64, username, client string, reason error) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, `
		UPDATE officers SET
		  totp_failures = CASE WHEN totp_failures_since > $2 THEN totp_failures + 1 ELSE 1 END,
		  totp_failures_since = CASE WHEN totp_failures_since > $2 THEN totp_failures_since ELSE $3 END
		 WHERE id = $1`, id, now.Add(-s.lockout.LockFor), now)
	if err != nil {
		return fmt.Errorf("officer: unable to count a wrong one-time code: %w", err)
	}
	return s.refuse(ctx, id, username, client, reason)
}

// ResetTOTP removes the officer's secret (lost phone); they enrol again at the next
// login if their role requires it.
func (s *Store) ResetTOTP(ctx context.Context, username string) error {
	return s.update(ctx, "reset TOTP", NormalizeUsername(username),
		`UPDATE officers SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE username = $1`)
}

// totpPeriod is the length of one time step; codes of the step before and
// after are accepted too, for clocks that drift.
const totpPeriod = 30

// matchingStep returns the time step whose code equals code, or ErrBadCode.
func (s *Store) matchingStep(code, secret string) (int64, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, ErrBadCode
	}
	now := s.now().Unix() / totpPeriod
	for _, step := range []int64{now - 1, now, now + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0),
			totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, fmt.Errorf("officer: unable to compute a one-time code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, nil
		}
	}
	return 0, ErrBadCode
}

// sealedPrefix marks a sealed secret; secrets without it were stored before
// sealing and are read as they are.
const sealedPrefix = "sealed:"

func (s *Store) sealSecret(secret string) string {
	if s.sealer == nil {
		return secret
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(s.sealer.Seal([]byte(secret)))
}

// openSecret opens a stored secret with the store's sealer or, failing that,
// one of the older ones; current says it is stored as sealSecret would store
// it now, so one opened otherwise can be sealed again.
func (s *Store) openSecret(stored string) (plain string, current bool, err error) {
	rest, sealed := strings.CutPrefix(stored, sealedPrefix)
	if !sealed {
		return stored, s.sealer == nil, nil
	}
	if s.sealer == nil {
		return "", false, errors.New("officer: the TOTP secret is sealed but no key is configured")
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "", false, fmt.Errorf("officer: unable to decode the sealed TOTP secret: %w", err)
	}
	for i, k := range append([]Sealer{s.sealer}, s.older...) {
		if p, err := k.Open(raw); err == nil {
			return string(p), i == 0, nil
		}
	}
	return "", false, errors.New("officer: unable to open the TOTP secret with keys.totp or keys.seal")
}

// reseal stores a secret opened with an older key (or stored before sealing)
// under the current one, unless it changed meanwhile.
func (s *Store) reseal(ctx context.Context, id int64, stored, plain string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE officers SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2`,
		id, stored, s.sealSecret(plain))
	if err != nil {
		return fmt.Errorf("officer: unable to seal the TOTP secret again: %w", err)
	}
	return nil
}
