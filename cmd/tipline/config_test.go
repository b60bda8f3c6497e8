package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/tipline/tipline/config"
)

// serveConfig loads the defaults with fresh keys and env.
func serveConfig(t *testing.T, env ...string) *config.Config {
	t.Helper()
	k := config.GenerateKeys()
	cfg, err := config.Load("", append([]string{"TIPLINE_DATABASE_URL=postgres://127.0.0.1:1/none",
		"TIPLINE_KEYS_REPORTER=" + k.Reporter, "TIPLINE_KEYS_SEAL=" + k.Seal, "TIPLINE_KEYS_RECEIPT=" + k.Receipt}, env...))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Behind a reverse proxy (loopback listener, public base URL) serve refuses
// an admin without TOTP and warns, at every start, of the seal key sealing
// TOTP secrets; a replica without the admin is not held to the admin's rules.
func TestServeChecksProductionSettings(t *testing.T) {
	cfg := serveConfig(t, "TIPLINE_BOT_TOKEN=123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", "TIPLINE_ADMIN_BASE_URL=https://admin.example.cn",
		"TIPLINE_PUBLIC_LISTEN=127.0.0.1:8081", "TIPLINE_PUBLIC_BASE_URL=https://jubao.example.cn")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	err := checkServe(cfg, map[string]bool{"bot": true, "admin": true, "jobs": true}, log)
	if err == nil || !strings.Contains(err.Error(), "admin.totp_required_roles: must include admin") {
		t.Fatalf("no TOTP for admins: %v", err)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "key=keys.totp") {
		t.Fatalf("no warning for keys.totp: %s", logs.String())
	}

	logs.Reset()
	if err := checkServe(cfg, map[string]bool{"bot": true}, log); err != nil || logs.Len() != 0 {
		t.Fatalf("a bot-only replica: %v %s", err, logs.String())
	}

	cfg.Admin.TOTPRequiredRoles = []string{"admin"}
	if err := checkServe(cfg, map[string]bool{"bot": true, "admin": true}, log); err != nil {
		t.Fatal(err)
	}
}

func TestServeRefusesABotWithoutMode(t *testing.T) {
	cfg := serveConfig(t)
	err := checkServe(cfg, map[string]bool{"bot": true, "admin": true}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "bot.mode") || !strings.Contains(err.Error(), "bot.token") {
		t.Fatalf("a bot without mode or token: %v", err)
	}
	if err := checkServe(cfg, map[string]bool{"admin": true, "jobs": true}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("a replica without the bot needs no mode: %v", err)
	}
}
