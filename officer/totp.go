package officer

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image/png"
	"strings"

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
		`UPDATE officers SET totp_secret = $2, updated_at = now() WHERE id = $1 AND totp_enrolled_at IS NULL`, key.Secret()); err != nil {
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
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/%s:%s?secret=%s&issuer=%s", s.issuer, username, secret.String, s.issuer))
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
	return Enrolment{Secret: secret.String, URL: key.URL(), QRPNG: buf.Bytes()}, nil
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
	if !validCode(code, secret.String, s) {
		return ErrBadCode
	}
	return s.updateID(ctx, "confirm TOTP", id,
		`UPDATE officers SET totp_enrolled_at = $2, updated_at = now() WHERE id = $1 AND totp_enrolled_at IS NULL`, s.now())
}

// VerifyTOTP checks a code against the officer's enrolled secret.
func (s *Store) VerifyTOTP(ctx context.Context, id int64, code string) error {
	var secret sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT totp_secret FROM officers WHERE id = $1 AND totp_enrolled_at IS NOT NULL`, id).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotEnrolled
	}
	if err != nil {
		return fmt.Errorf("officer: unable to verify TOTP: %w", err)
	}
	if !validCode(code, secret.String, s) {
		return ErrBadCode
	}
	return nil
}

// ResetTOTP removes the officer's secret (lost phone); they enrol again at the next
// login if their role requires it.
func (s *Store) ResetTOTP(ctx context.Context, username string) error {
	return s.update(ctx, "reset TOTP", NormalizeUsername(username),
		`UPDATE officers SET totp_secret = NULL, totp_enrolled_at = NULL, updated_at = now() WHERE username = $1`)
}

func validCode(code, secret string, s *Store) bool {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	ok, err := totp.ValidateCustom(code, secret, s.now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}
