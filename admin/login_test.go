package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestLoginRefusalsLookAlikeAndThrottle(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.client()
	// Unknown user and wrong password answer the same.
	r1 := b.post(c, "/login", url.Values{"username": {"nobody"}, "password": {"whatever-123"}})
	r2 := b.post(c, "/login", url.Values{"username": {"officer"}, "password": {"wrong-password"}})
	if r1.StatusCode != http.StatusUnauthorized || r2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("refusals: %d %d", r1.StatusCode, r2.StatusCode)
	}
	// LoginFailuresPerIP is 4 in tests: two more failures, then even the right password is refused.
	b.post(c, "/login", url.Values{"username": {"officer"}, "password": {"wrong-password"}})
	b.post(c, "/login", url.Values{"username": {"officer"}, "password": {"wrong-password"}})
	res := b.post(c, "/login", url.Values{"username": {"officer"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after 4 failures: %d, want 429", res.StatusCode)
	}
	var failed int
	if err := b.db.Get(&failed, `SELECT count(*) FROM audit_log WHERE action = 'login.failed'`); err != nil || failed != 4 {
		t.Fatalf("failed logins audited: %d %v", failed, err)
	}
}

func TestLoginWithTOTPAndPasswordChange(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Admin.TOTPRequiredRoles = []string{"supervisor"}
	b.addOfficers("supervisor")
	ctx := t.Context()

	// Required but not enrolled: logged in, but every page leads to enrolment.
	c := b.login("supervisor")
	res, _ := b.get(c, "/queue")
	if res.Header.Get("Location") != "/account/totp" {
		t.Fatalf("unenrolled supervisor sent to %q", res.Header.Get("Location"))
	}
	res, body := b.get(c, "/account/totp")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/account/totp/qr.png") {
		t.Fatalf("enrol page: %d", res.StatusCode)
	}
	e, err := b.officers.PendingTOTP(ctx, b.ids["supervisor"])
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := b.get(c, "/account/totp/qr.png"); res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr: %v", res.Header)
	}
	code, _ := totp.GenerateCode(e.Secret, time.Now())
	if res := b.post(c, "/account/totp", url.Values{"code": {code}}); res.Header.Get("Location") != "/" {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := b.get(c, "/queue"); res.StatusCode != http.StatusOK {
		t.Fatalf("queue after enrolment: %d", res.StatusCode)
	}

	// A new login now needs the code; a wrong one is refused.
	c2 := b.client()
	res = b.post(c2, "/login", url.Values{"username": {"supervisor"}, "password": {testPassword}})
	if res.Header.Get("Location") != "/login/totp" {
		t.Fatalf("password step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := b.get(c2, "/queue"); res.Header.Get("Location") != "/login" {
		t.Fatal("half-logged-in session reached the queue")
	}
	if res := b.post(c2, "/login/totp", url.Values{"code": {"000000"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	// The code that confirmed the enrolment cannot be used again; the next
	// step's code (a phone a little ahead) can.
	if res := b.post(c2, "/login/totp", url.Values{"code": {code}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("reused code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var reasons []string
	if err := b.db.SelectContext(ctx, &reasons, `SELECT detail->>'reason' FROM audit_log WHERE action = 'login.failed' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(reasons, ",") != "totp,totp_reused" {
		t.Errorf("audited failures: %q", reasons)
	}
	code, _ = totp.GenerateCode(e.Secret, time.Now().Add(30*time.Second))
	if res := b.post(c2, "/login/totp", url.Values{"code": {code}}); res.Header.Get("Location") != "/" {
		t.Fatalf("right code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var stored string
	if err := b.db.GetContext(ctx, &stored, `SELECT totp_secret FROM officers WHERE id = $1`, b.ids["supervisor"]); err != nil || !strings.HasPrefix(stored, "sealed:") {
		t.Fatalf("TOTP secret stored as %q (%v)", stored, err)
	}
	// As if a minute had passed, so that the current step's code is fresh again.
	if _, err := b.db.ExecContext(ctx, `UPDATE officers SET totp_last_step = totp_last_step - 2 WHERE id = $1`, b.ids["supervisor"]); err != nil {
		t.Fatal(err)
	}

	// An administrator's reset forces a password change and ends sessions.
	if err := b.officers.SetPassword(ctx, "supervisor", "temporary-pass-1", true); err != nil {
		t.Fatal(err)
	}
	c3 := b.client()
	b.post(c3, "/login", url.Values{"username": {"supervisor"}, "password": {"temporary-pass-1"}})
	code, _ = totp.GenerateCode(e.Secret, time.Now())
	b.post(c3, "/login/totp", url.Values{"code": {code}})
	if res, _ := b.get(c3, "/queue"); res.Header.Get("Location") != "/account/password" {
		t.Fatalf("must-change officer sent to %q", res.Header.Get("Location"))
	}
	res = b.post(c3, "/account/password", url.Values{"current": {"temporary-pass-1"}, "new": {"my-own-password"}, "confirm": {"my-own-password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	if res, _ := b.get(c3, "/queue"); res.StatusCode != http.StatusOK {
		t.Fatalf("queue after change: %d", res.StatusCode)
	}
}
