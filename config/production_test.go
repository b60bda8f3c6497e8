package config

import (
	"encoding/base64"
	"strings"
	"testing"
)

// risks loads the defaults with env over good keys and lists the production
// risks as key → fatal.
func risks(t *testing.T, env ...string) map[string]bool {
	t.Helper()
	cfg, err := Load("", append(goodEnv(t), env...))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range cfg.ProductionRisks() {
		if !strings.HasPrefix(r.Error(), "config: "+r.Key+": ") || r.Reason == "" {
			t.Fatalf("risk does not name its key: %q", r.Error())
		}
		out[r.Key] = r.Fatal
	}
	return out
}

func TestProductionRisks(t *testing.T) {
	if got := risks(t, "TIPLINE_BOT_MODE=sandbox"); len(got) != 0 {
		t.Fatalf("development has risks: %v", got)
	}

	// Behind a reverse proxy the listener is loopback but the server is not
	// this computer's alone.
	got := risks(t, "TIPLINE_BOT_TOKEN="+token, "TIPLINE_ADMIN_BASE_URL=https://admin.example.cn",
		"TIPLINE_PUBLIC_LISTEN=127.0.0.1:8081", "TIPLINE_PUBLIC_BASE_URL=http://jubao.example.cn", "TIPLINE_BOT_KEEP_ORIGINALS=true")
	want := map[string]bool{"admin.totp_required_roles": true, "public.base_url": true, "keys.totp": false, "bot.keep_originals": false}
	if len(got) != len(want) {
		t.Fatalf("behind a proxy: got %v, want %v", got, want)
	}
	for k, fatal := range want {
		if f, ok := got[k]; !ok || f != fatal {
			t.Errorf("%s: got %v (present %v), want fatal %v", k, f, ok, fatal)
		}
	}

	// An admin on the office network over http sends its cookies in clear.
	got = risks(t, "TIPLINE_BOT_TOKEN="+token, "TIPLINE_ADMIN_LISTEN=10.0.0.5:8080", "TIPLINE_ADMIN_BASE_URL=http://10.0.0.5:8080",
		"TIPLINE_WEB_ENABLED=false", "TIPLINE_ADMIN_TOTP_REQUIRED_ROLES=admin,supervisor")
	if len(got) != 2 || !got["admin.base_url"] {
		t.Fatalf("http admin: %v", got)
	}

	k := GenerateKeys()
	got = risks(t, "TIPLINE_BOT_TOKEN="+token, "TIPLINE_ADMIN_LISTEN=10.0.0.5:8080", "TIPLINE_ADMIN_BASE_URL=https://admin.example.cn",
		"TIPLINE_PUBLIC_LISTEN=0.0.0.0:8443", "TIPLINE_PUBLIC_BASE_URL=https://jubao.example.cn",
		"TIPLINE_ADMIN_TOTP_REQUIRED_ROLES=admin", "TIPLINE_KEYS_TOTP="+k.TOTP)
	if len(got) != 0 {
		t.Fatalf("a safe production setup has risks: %v", got)
	}
}

func TestTOTPKey(t *testing.T) {
	cfg, err := Load("", goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	_, seal, _ := cfg.KeyBytes()
	if string(cfg.TOTPKey()) != string(seal) {
		t.Fatal("without keys.totp the seal key does not stand in")
	}
	k := GenerateKeys()
	cfg, err = Load("", append(goodEnv(t), "TIPLINE_KEYS_TOTP="+k.TOTP))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := base64.StdEncoding.DecodeString(k.TOTP); string(cfg.TOTPKey()) != string(want) {
		t.Fatal("keys.totp is not the TOTP key")
	}

	// The seal key again, unpadded: one key for two jobs.
	env := goodEnv(t)
	var seal64 string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "TIPLINE_KEYS_SEAL="); ok {
			seal64 = v
		}
	}
	_, err = Load("", append(env, "TIPLINE_KEYS_TOTP="+strings.TrimRight(seal64, "=")))
	if err == nil || !strings.Contains(err.Error(), "keys.totp: is the same key as keys.seal") {
		t.Fatalf("keys.totp equal to keys.seal: %v", err)
	}
}
