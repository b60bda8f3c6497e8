package admin

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/tipline/tipline/officer"
)

// TestTOTPEnrolmentSealedWithTOTPKey: with keys.totp set, a secret enrolled
// through the admin opens with that key and not with the seal key, while a
// secret sealed with the seal key before still logs in.
func TestTOTPEnrolmentSealedWithTOTPKey(t *testing.T) {
	t.Parallel()
	totpKey := []byte("totp-key-for-admin-tests-0123456789abcdef")
	b := setupWith(t, func(d *Deps) { d.Config.Keys.TOTP = base64.StdEncoding.EncodeToString(totpKey) })
	b.addOfficers("officer", "supervisor")
	ctx := t.Context()

	c := b.login("officer")
	if res, _ := b.get(c, "/account/totp"); res.StatusCode != http.StatusOK {
		t.Fatalf("enrol page: %d", res.StatusCode)
	}
	if _, err := b.officers.PendingTOTP(ctx, b.ids["officer"]); err == nil {
		t.Fatal("the seal key opens a secret enrolled with keys.totp set")
	}
	sealer, err := officer.NewSecretSealer(totpKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := officer.NewStore(b.db).WithSealer(sealer).PendingTOTP(ctx, b.ids["officer"]); err != nil {
		t.Fatalf("keys.totp does not open the enrolled secret: %v", err)
	}

	code, _ := b.enrolTOTP("supervisor") // sealed with the seal key, as before keys.totp
	c2 := b.client()
	if res, _ := b.postFrom(c2, "", "/login", map[string][]string{"username": {"supervisor"}, "password": {testPassword}}); res.Header.Get("Location") != "/login/totp" {
		t.Fatalf("password: %d", res.StatusCode)
	}
	if res, _ := b.postFrom(c2, "", "/login/totp", map[string][]string{"code": {code(0)}}); res.Header.Get("Location") != "/" {
		t.Fatalf("a code of a secret sealed with the seal key: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}
