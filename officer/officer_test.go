package officer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/internal/pgtest"
)

func TestCreateAndAuthenticate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewStore(pgtest.DB(t))

	o, err := s.Create(ctx, " Wang.Li ", RoleSupervisor, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if o.Username != "wang.li" || o.Role != RoleSupervisor || o.Locale != "zh-CN" || o.Disabled {
		t.Fatalf("created %+v", o)
	}
	if _, err := s.Create(ctx, "wang.li", RoleOfficer, "another long password"); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := s.Create(ctx, "x", RoleOfficer, "another long password"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("short username: %v", err)
	}
	if _, err := s.Create(ctx, "zhao", "chief", "another long password"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad role: %v", err)
	}
	if _, err := s.Create(ctx, "zhao", RoleOfficer, "短密码123"); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("weak: %v", err)
	}

	got, err := s.Authenticate(ctx, "WANG.LI", "correct horse battery", "192.0.2.1")
	if err != nil || got.ID != o.ID {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	if _, err := s.Authenticate(ctx, "wang.li", "wrong password!", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.Authenticate(ctx, "nobody", "correct horse battery", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("unknown user: %v", err)
	}

	if err := s.Disable(ctx, "wang.li"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "wang.li", "correct horse battery", "192.0.2.1"); !errors.Is(err, ErrDisabled) {
		t.Fatalf("disabled: %v", err)
	}
	if err := s.Enable(ctx, "wang.li"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, "wang.li", "a new long password", true); err != nil {
		t.Fatal(err)
	}
	got, err = s.Authenticate(ctx, "wang.li", "a new long password", "192.0.2.1")
	if err != nil || !got.MustChangePassword {
		t.Fatalf("after reset: %+v %v", got, err)
	}
	if err := s.ChangePassword(ctx, o.ID, "a new long password", "my own long password", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, o.ID); got.MustChangePassword {
		t.Fatal("must change still set after changing")
	}
	if err := s.Disable(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("disable unknown: %v", err)
	}
	if _, err := s.ByUsername(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("by username unknown: %v", err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
}

// TestLockout locks the client that guessed, not the account: the owner logs in
// from another address while the guesser is refused even with the right
// password, until the lock ends or an administrator unlocks.
func TestLockout(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	s := NewStore(pgtest.DB(t)).WithLockout(Lockout{MaxFailures: 3, LockFor: 10 * time.Minute}).
		WithClock(func() time.Time { return now })
	if _, err := s.Create(ctx, "li", RoleOfficer, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	const guesser, owner = "198.51.100.7", "192.0.2.1"
	for i := 0; i < 3; i++ {
		var ref *Refusal
		if _, err := s.Authenticate(ctx, "li", "guess guess guess", guesser); !errors.Is(err, ErrBadCredentials) || !errors.As(err, &ref) {
			t.Fatalf("failure %d: %v", i, err)
		}
		if ref.Account != "li" || ref.RecentFailures != i+1 {
			t.Fatalf("failure %d refused as %+v", i, ref)
		}
	}
	if _, err := s.Authenticate(ctx, "li", "correct horse battery", guesser); !errors.Is(err, ErrLocked) {
		t.Fatalf("right password from the locked client: %v", err)
	}
	failed, err := s.FailedLogins(ctx)
	if err != nil || len(failed) != 1 || !failed[0].Locked() || failed[0].Failures != 4 || failed[0].Clients != 1 {
		t.Fatalf("failed logins while locked: %+v %v", failed, err)
	}
	o, err := s.Authenticate(ctx, "li", "correct horse battery", owner)
	if err != nil {
		t.Fatalf("owner from another client: %v", err)
	}
	if err := s.RecordLogin(ctx, o.ID, owner); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, o.ID); got.LastLoginAt == nil {
		t.Fatal("login not recorded")
	}
	now = now.Add(11 * time.Minute)
	if _, err := s.Authenticate(ctx, "li", "correct horse battery", guesser); err != nil {
		t.Fatalf("after lock expired: %v", err)
	}
	for range 3 {
		_, _ = s.Authenticate(ctx, "li", "guess guess guess", guesser)
	}
	if err := s.Unlock(ctx, "li"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "li", "correct horse battery", guesser); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if err := s.Unlock(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unlock unknown: %v", err)
	}
	// A name that is no account is kept as a keyed hash, never as typed.
	var ref *Refusal
	if _, err := s.Authenticate(ctx, "hunter2-my-password", "x", guesser); !errors.As(err, &ref) ||
		strings.Contains(ref.Account, "hunter2") || !strings.HasPrefix(ref.Account, "?") {
		t.Fatalf("unknown name refused as %+v (%v)", ref, err)
	}
	if name, err := s.TypedName(ctx, "hunter2-my-password"); err != nil || name != ref.Account {
		t.Fatalf("typed name %q (%v), refusal kept %q", name, err, ref.Account)
	}
}

func TestTOTP(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewStore(pgtest.DB(t))
	o, err := s.Create(ctx, "chen", RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyTOTP(ctx, o.ID, "123456", "192.0.2.1"); !errors.Is(err, ErrNotEnrolled) {
		t.Fatalf("verify before enrolment: %v", err)
	}
	e, err := s.EnrolTOTP(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.QRPNG) < 8 || string(e.QRPNG[1:4]) != "PNG" || e.Secret == "" {
		t.Fatalf("enrolment %q %d bytes", e.Secret, len(e.QRPNG))
	}
	again, err := s.PendingTOTP(ctx, o.ID)
	if err != nil || again.Secret != e.Secret {
		t.Fatalf("pending: %v %v", again.Secret, err)
	}
	if err := s.ConfirmTOTP(ctx, o.ID, "000000x"); !errors.Is(err, ErrBadCode) {
		t.Fatalf("bad code: %v", err)
	}
	code, _ := totp.GenerateCode(e.Secret, time.Now())
	if err := s.ConfirmTOTP(ctx, o.ID, code); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, o.ID); !got.TOTPEnrolled {
		t.Fatal("not enrolled after confirm")
	}
	// The code that confirmed the enrolment cannot log in.
	if err := s.VerifyTOTP(ctx, o.ID, code, "192.0.2.1"); !errors.Is(err, ErrCodeReused) || !errors.Is(err, ErrBadCode) {
		t.Fatalf("reused confirmation code: %v", err)
	}
	next, _ := totp.GenerateCode(e.Secret, time.Now().Add(30*time.Second))
	if err := s.VerifyTOTP(ctx, o.ID, next, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnrolTOTP(ctx, o.ID); !errors.Is(err, ErrInvalid) {
		t.Fatalf("enrol twice: %v", err)
	}
	if err := s.ResetTOTP(ctx, "chen"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, o.ID); got.TOTPEnrolled {
		t.Fatal("still enrolled after reset")
	}
}

func TestLogoutEverywhereAndSettings(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	later := time.Now().Add(time.Hour)
	s := NewStore(pgtest.DB(t))
	o, err := s.Create(ctx, "sun", RoleOfficer, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WithClock(func() time.Time { return later }).LogoutEverywhere(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLocale(ctx, o.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLocale(ctx, o.ID, "fr"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad locale: %v", err)
	}
	if err := s.SetRole(ctx, "sun", RoleCounsellor); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Locale != "en" || got.Role != RoleCounsellor || got.SessionsValidAfter.Before(later.Add(-time.Second)) {
		t.Fatalf("after settings: %+v", got)
	}
}

func TestVerifyPasswordRejectsMalformed(t *testing.T) {
	t.Parallel()
	h, err := hashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !verifyPassword(h, "correct horse battery") || verifyPassword(h, "correct horse batterY") {
		t.Fatal("verify does not tell right from wrong")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA"} {
		if verifyPassword(bad, "x") {
			t.Fatalf("malformed %q matched", bad)
		}
	}
}

// TestTOTPCodeOnce replays codes: each time step's code logs in once; an older
// step's code is refused after a newer one was used; of logins racing with one
// code exactly one wins.
func TestTOTPCodeOnce(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 5, 0, time.UTC)
	s := NewStore(pgtest.DB(t)).WithClock(func() time.Time { return now })
	o, err := s.Create(ctx, "zhou", RoleSupervisor, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.EnrolTOTP(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(e.Secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if err := s.ConfirmTOTP(ctx, o.ID, code(now)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(30 * time.Second)
	current := code(now)
	results := make(chan error, 4)
	for range 4 {
		go func() { results <- s.VerifyTOTP(ctx, o.ID, current, "192.0.2.1") }()
	}
	var ok, reused int
	for range 4 {
		switch err := <-results; {
		case err == nil:
			ok++
		case errors.Is(err, ErrCodeReused):
			reused++
		default:
			t.Errorf("racing login: %v", err)
		}
	}
	if ok != 1 || reused != 3 {
		t.Fatalf("one code raced 4 times: %d accepted, %d refused as reused", ok, reused)
	}
	// The next step's code (a phone a little ahead) works, and then the current
	// step's, though still within the window, no longer does.
	if err := s.VerifyTOTP(ctx, o.ID, code(now.Add(30*time.Second)), "192.0.2.1"); err != nil {
		t.Fatalf("next step: %v", err)
	}
	if err := s.VerifyTOTP(ctx, o.ID, code(now), "192.0.2.1"); !errors.Is(err, ErrCodeReused) {
		t.Fatalf("older step after a newer one: %v", err)
	}
	// Two steps ahead is outside the window altogether.
	if err := s.VerifyTOTP(ctx, o.ID, code(now.Add(90*time.Second)), "192.0.2.1"); !errors.Is(err, ErrBadCode) || errors.Is(err, ErrCodeReused) {
		t.Fatalf("far future code: %v", err)
	}
}

// TestTOTPSecretSealed stores secrets sealed when a sealer is set, reads them
// back through it, and still reads a secret stored before sealing.
func TestTOTPSecretSealed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	keys := sealKeys(t)
	plainStore := NewStore(db)
	s := plainStore.WithSealer(keys)
	o, err := s.Create(ctx, "wu", RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.EnrolTOTP(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := db.GetContext(ctx, &stored, `SELECT totp_secret FROM officers WHERE id = $1`, o.ID); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored, sealedPrefix) || strings.Contains(stored, e.Secret) {
		t.Fatalf("stored secret %q is not sealed", stored)
	}
	if again, err := s.PendingTOTP(ctx, o.ID); err != nil || again.Secret != e.Secret {
		t.Fatalf("pending through the sealer: %q %v", again.Secret, err)
	}
	if _, err := plainStore.PendingTOTP(ctx, o.ID); err == nil {
		t.Fatal("a store without the key read a sealed secret")
	}
	code, _ := totp.GenerateCode(e.Secret, time.Now())
	if err := s.ConfirmTOTP(ctx, o.ID, code); err != nil {
		t.Fatal(err)
	}

	// A secret stored unsealed (before this version) still verifies.
	legacy, err := plainStore.Create(ctx, "zheng", RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	le, err := plainStore.EnrolTOTP(ctx, legacy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.GetContext(ctx, &stored, `SELECT totp_secret FROM officers WHERE id = $1`, legacy.ID); err != nil || stored != le.Secret {
		t.Fatalf("without a sealer the secret is stored as %q (%v)", stored, err)
	}
	code, _ = totp.GenerateCode(le.Secret, time.Now())
	if err := s.ConfirmTOTP(ctx, legacy.ID, code); err != nil {
		t.Fatalf("legacy secret through a sealing store: %v", err)
	}
}

// TestTOTPFailuresPerAccount spreads wrong codes over many clients, none of
// them reaching its own lockout: the account still stops taking codes at
// TOTPFailuresPerAccount, and takes them again after the window.
func TestTOTPFailuresPerAccount(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 5, 0, time.UTC)
	s := NewStore(pgtest.DB(t)).WithClock(func() time.Time { return now })
	o, err := s.Create(ctx, "qian", RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.EnrolTOTP(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := func() string {
		c, err := totp.GenerateCode(e.Secret, now)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if err := s.ConfirmTOTP(ctx, o.ID, code()); err != nil {
		t.Fatal(err)
	}
	for i := range TOTPFailuresPerAccount {
		client := fmt.Sprintf("198.51.100.%d", i/2)
		if err := s.VerifyTOTP(ctx, o.ID, "000000", client); !errors.Is(err, ErrBadCode) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	now = now.Add(time.Minute)
	if err := s.VerifyTOTP(ctx, o.ID, code(), "192.0.2.1"); !errors.Is(err, ErrLocked) {
		t.Fatalf("right code after %d wrong ones on the account: %v", TOTPFailuresPerAccount, err)
	}
	now = now.Add(15 * time.Minute)
	if err := s.VerifyTOTP(ctx, o.ID, code(), "192.0.2.1"); err != nil {
		t.Fatalf("right code after the window: %v", err)
	}
}

// TestTOTPSecretKeyOfItsOwn seals new secrets under keys.totp while secrets
// sealed with keys.seal before still verify, and are sealed again under
// keys.totp at that login.
func TestTOTPSecretKeyOfItsOwn(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := pgtest.DB(t)
	keys := sealKeys(t)
	totpKey, err := NewSecretSealer([]byte("totp-key-for-officer-tests-0123456789abc"))
	if err != nil {
		t.Fatal(err)
	}
	before := NewStore(db).WithSealer(keys)
	after := NewStore(db).WithSealer(totpKey, keys)
	o, err := before.Create(ctx, "feng", RoleAdmin, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	e, err := before.EnrolTOTP(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := func(steps int) string {
		c, _ := totp.GenerateCode(e.Secret, time.Now().Add(time.Duration(steps)*30*time.Second))
		return c
	}
	if err := before.ConfirmTOTP(ctx, o.ID, code(-1)); err != nil {
		t.Fatal(err)
	}
	if err := after.VerifyTOTP(ctx, o.ID, code(0), "192.0.2.1"); err != nil {
		t.Fatalf("a secret sealed with the seal key, read with keys.totp set: %v", err)
	}
	if err := before.VerifyTOTP(ctx, o.ID, code(1), "192.0.2.1"); err == nil || errors.Is(err, ErrBadCode) {
		t.Fatalf("after that login the seal key alone still opens the secret: %v", err)
	}
	if err := after.VerifyTOTP(ctx, o.ID, code(1), "192.0.2.1"); err != nil {
		t.Fatalf("the secret sealed again: %v", err)
	}
	if _, err := NewSecretSealer([]byte("short")); err == nil {
		t.Fatal("a short TOTP key was taken")
	}
}

// sealKeys are the seal key's sealer, as anon.Keys is in production.
func sealKeys(t *testing.T) *anon.Keys {
	t.Helper()
	keys, err := anon.NewKeys([]byte("reporter-key-for-officer-tests-0123456789"), []byte("seal-key-for-officer-tests-0123456789ab"))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
