package admin

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// setupBehindProxy is an admin behind a local reverse proxy, so that each test
// client can come from the address it names in X-Forwarded-For.
func setupBehindProxy(t *testing.T) *bundle {
	t.Helper()
	return setupWith(t, func(d *Deps) {
		d.Config.Admin.TrustedProxies = []string{"127.0.0.1/32", "::1/128"}
		d.Config.Limits.LoginFailuresPerIP = 20
	})
}

// postFrom posts a form as a browser at addr and returns the page's flash.
func (b *bundle) postFrom(c *http.Client, addr, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	res, err := c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, flashOf(string(body))
}

var flashPattern = regexp.MustCompile(`<p class="flash [a-z]+" role="status">([^<]*)</p>`)

func flashOf(body string) string {
	if m := flashPattern.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// enrolTOTP turns one-time codes on for the officer. It returns a function
// giving the code of a time step from now, and the code that confirmed the
// enrolment, which may not log in.
func (b *bundle) enrolTOTP(role string) (code func(steps int) string, used string) {
	b.t.Helper()
	ctx := b.t.Context()
	e, err := b.officers.EnrolTOTP(ctx, b.ids[role])
	if err != nil {
		b.t.Fatal(err)
	}
	code = func(steps int) string {
		c, err := totp.GenerateCode(e.Secret, time.Now().Add(time.Duration(steps)*30*time.Second))
		if err != nil {
			b.t.Fatal(err)
		}
		return c
	}
	used = code(-1)
	if err := b.officers.ConfirmTOTP(ctx, b.ids[role], used); err != nil {
		b.t.Fatal(err)
	}
	return code, used
}

// TestLoginLockoutLocksTheGuesserNotTheOwner: five wrong passwords from one
// address lock that address out of the account, not the account: the owner
// logs in from elsewhere, with the one-time code, while the guesser reads the
// same refusal whether its next password is right or wrong. The administrator
// sees the lock on the officers and health pages and lifts it, audited.
func TestLoginLockoutLocksTheGuesserNotTheOwner(t *testing.T) {
	t.Parallel()
	b := setupBehindProxy(t)
	b.addOfficers("admin")
	code, _ := b.enrolTOTP("admin")
	const guesser, owner = "198.51.100.7", "192.0.2.1"

	attacker := b.client()
	var refused string
	for i := range 5 {
		res, flash := b.postFrom(attacker, guesser, "/login", url.Values{"username": {"admin"}, "password": {"wrong-password"}})
		if res.StatusCode != http.StatusUnauthorized || flash == "" {
			t.Fatalf("wrong password %d: %d %q", i, res.StatusCode, flash)
		}
		refused = flash
	}
	right, rightFlash := b.postFrom(attacker, guesser, "/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	wrong, wrongFlash := b.postFrom(attacker, guesser, "/login", url.Values{"username": {"admin"}, "password": {"wrong-password"}})
	if right.StatusCode != wrong.StatusCode || rightFlash != wrongFlash || rightFlash != refused {
		t.Fatalf("locked-out client: right password %d %q, wrong %d %q, before the lock %q",
			right.StatusCode, rightFlash, wrong.StatusCode, wrongFlash, refused)
	}

	c := b.client()
	if res, _ := b.postFrom(c, owner, "/login", url.Values{"username": {"admin"}, "password": {testPassword}}); res.Header.Get("Location") != "/login/totp" {
		t.Fatalf("owner's password from another address: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := b.postFrom(c, owner, "/login/totp", url.Values{"code": {code(0)}}); res.Header.Get("Location") != "/" {
		t.Fatalf("owner's code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	_, body := b.get(c, "/officers")
	if !strings.Contains(body, "已锁定") || !strings.Contains(body, `action="/officers/admin/unlock"`) {
		t.Fatal("the officers page shows no lock or no unlock action")
	}
	_, body = b.get(c, "/health")
	if !strings.Contains(body, "正被反复尝试登录") {
		t.Fatal("the health page raises no alert")
	}
	if res := b.post(c, "/officers/admin/unlock", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlock: %d", res.StatusCode)
	}
	var unlocked int
	if err := b.db.Get(&unlocked, `SELECT count(*) FROM audit_log WHERE action = 'officer.unlock' AND detail->>'username' = 'admin'`); err != nil || unlocked != 1 {
		t.Fatalf("unlock audited %d times (%v)", unlocked, err)
	}
	if _, body := b.get(c, "/officers"); strings.Contains(body, "已锁定") {
		t.Fatal("still shown locked after the unlock")
	}
	if res, _ := b.postFrom(attacker, guesser, "/login", url.Values{"username": {"admin"}, "password": {testPassword}}); res.Header.Get("Location") != "/login/totp" {
		t.Fatalf("right password after the unlock: %d", res.StatusCode)
	}
}

// TestLoginTOTPFailuresCountPerAccountAndLogin: wrong and already used codes
// read alike, count against the account, and end the pending login after
// codesPerLogin, so the right code then no longer logs in.
func TestLoginTOTPFailuresCountPerAccountAndLogin(t *testing.T) {
	t.Parallel()
	b := setupBehindProxy(t)
	b.addOfficers("supervisor")
	code, used := b.enrolTOTP("supervisor")
	const addr = "203.0.113.9"
	c := b.client()
	if res, _ := b.postFrom(c, addr, "/login", url.Values{"username": {"supervisor"}, "password": {testPassword}}); res.Header.Get("Location") != "/login/totp" {
		t.Fatalf("password: %d", res.StatusCode)
	}
	_, wrong := b.postFrom(c, addr, "/login/totp", url.Values{"code": {"000000"}})
	res, again := b.postFrom(c, addr, "/login/totp", url.Values{"code": {used}})
	if wrong == "" || again != wrong || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong code reads %q, used code %d %q", wrong, res.StatusCode, again)
	}
	res, ended := b.postFrom(c, addr, "/login/totp", url.Values{"code": {"111111"}})
	if res.StatusCode != http.StatusUnauthorized || ended == wrong || ended == "" {
		t.Fatalf("third wrong code: %d %q", res.StatusCode, ended)
	}
	if res, _ := b.postFrom(c, addr, "/login/totp", url.Values{"code": {code(0)}}); res.Header.Get("Location") != "/login" {
		t.Fatalf("right code after the pending login ended: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	failed, err := b.officers.FailedLogins(t.Context())
	if err != nil || len(failed) != 1 || failed[0].Username != "supervisor" || failed[0].Failures != 3 {
		t.Fatalf("the account's failures: %+v %v", failed, err)
	}
}

// TestPasswordChangeEndsOtherSessionsAndIsThrottled: changing one's password
// logs out the officer's other sessions, and the current password is guessed
// no more easily than at login.
func TestPasswordChangeEndsOtherSessionsAndIsThrottled(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c1, c2 := b.login("officer"), b.login("officer")
	res := b.post(c1, "/account/password", url.Values{"current": {testPassword}, "new": {"my-own-password"}, "confirm": {"my-own-password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if res, _ := b.get(c1, "/queue"); res.StatusCode != http.StatusOK {
		t.Fatalf("the session that changed the password: %d", res.StatusCode)
	}
	if res, _ := b.get(c2, "/queue"); res.Header.Get("Location") != "/login" {
		t.Fatalf("the other session: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	change := func(current string) (int, string) {
		res, flash := b.postFrom(c1, "", "/account/password", url.Values{"current": {current}, "new": {"another-password"}, "confirm": {"another-password"}})
		return res.StatusCode, flash
	}
	for i := range 5 {
		if st, flash := change("not-my-password"); st != http.StatusUnprocessableEntity || flash == "" {
			t.Fatalf("wrong current password %d: %d %q", i, st, flash)
		}
	}
	rightSt, right := change("my-own-password")
	wrongSt, wrong := change("not-my-password")
	if rightSt != http.StatusTooManyRequests || rightSt != wrongSt || right != wrong {
		t.Fatalf("after 5 wrong: right password %d %q, wrong %d %q", rightSt, right, wrongSt, wrong)
	}
}

// TestLoginAuditKeepsNoTypedName: what is typed as a username that names no
// account (sometimes a password) is kept only as a keyed hash.
func TestLoginAuditKeepsNoTypedName(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.client()
	const typed = "Correct-Horse-Secret-99"
	for range 6 { // past LoginFailuresPerIP (4): refused and throttled attempts alike
		b.post(c, "/login", url.Values{"username": {typed}, "password": {"whatever-123"}})
	}
	b.post(c, "/login", url.Values{"username": {"officer"}, "password": {"wrong-password"}})
	var rows []string
	if err := b.db.Select(&rows, `SELECT action || ' ' || username || ' ' || detail::text FROM audit_log ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 {
		t.Fatalf("audited %d refusals: %q", len(rows), rows)
	}
	for _, row := range rows {
		if strings.Contains(strings.ToLower(row), strings.ToLower(typed)) {
			t.Fatalf("audit row keeps what was typed: %q", row)
		}
		if !strings.Contains(row, " ?") && !strings.Contains(row, " officer ") {
			t.Fatalf("audit row names neither a hash nor the account: %q", row)
		}
	}
}

// TestLoginLockoutCoversTheIPv6Subnet: a guesser cannot escape its lock by
// taking another address of its own /64.
func TestLoginLockoutCoversTheIPv6Subnet(t *testing.T) {
	t.Parallel()
	b := setupBehindProxy(t)
	b.addOfficers("officer")
	c := b.client()
	for i := range 5 {
		b.postFrom(c, fmt.Sprintf("2001:db8:0:7::%x", i+1), "/login", url.Values{"username": {"officer"}, "password": {"wrong-password"}})
	}
	if res, _ := b.postFrom(c, "2001:db8:0:7::ff", "/login", url.Values{"username": {"officer"}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("right password from another address of the /64: %d", res.StatusCode)
	}
	if res, _ := b.postFrom(b.client(), "2001:db8:0:8::1", "/login", url.Values{"username": {"officer"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password from another /64: %d", res.StatusCode)
	}
}
