package config

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goodEnv(t *testing.T) []string {
	k := GenerateKeys()
	return []string{
		"TIPLINE_DATABASE_URL=postgres://root@127.0.0.1/x",
		"TIPLINE_KEYS_REPORTER=" + k.Reporter,
		"TIPLINE_KEYS_SEAL=" + k.Seal,
		"TIPLINE_KEYS_RECEIPT=" + k.Receipt,
		"PATH=/usr/bin",
	}
}

func TestExampleLoads(t *testing.T) {
	cfg, err := Load("../config.example.yaml", goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location.String() != "Asia/Shanghai" || cfg.Bot.Mode != "sandbox" || len(cfg.Areas) != 22 {
		t.Fatalf("unexpected: tz %v mode %q areas %d", cfg.Location, cfg.Bot.Mode, len(cfg.Areas))
	}
	if a, ok := cfg.Area("meiqiao"); !ok || a.Zh != "梅桥镇" {
		t.Fatalf("meiqiao: %+v %v", a, ok)
	}
}

// The example documents every key: each scalar key of Config appears in it.
func TestExampleDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range EnvNames() {
		leaf := strings.ToLower(name[strings.LastIndexByte(name, '_')+1:])
		if !strings.Contains(string(b), leaf) {
			t.Errorf("config.example.yaml does not mention %s", name)
		}
	}
}

func TestEnvOverrides(t *testing.T) {
	env := append(goodEnv(t),
		"TIPLINE_BOT_TOKEN=123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"TIPLINE_BOT_API_URL=http://127.0.0.1:9999",
		"TIPLINE_DIGEST_TELEGRAM_CHATS=-1001, -1002",
		"TIPLINE_BOT_DRAFT_TTL=2d",
		"TIPLINE_BOT_KEEP_ORIGINALS=true",
		"TIPLINE_CONFIG=ignored.yaml",
	)
	cfg, err := Load("", env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Bot.Mode != "polling" || cfg.Bot.APIURL != "http://127.0.0.1:9999" || !cfg.Bot.KeepOriginals {
		t.Fatalf("bot: %+v", cfg.Bot)
	}
	if len(cfg.Digest.TelegramChats) != 2 || cfg.Digest.TelegramChats[1] != -1002 {
		t.Fatalf("chats: %v", cfg.Digest.TelegramChats)
	}
	if cfg.Bot.DraftTTL.String() != "2d" {
		t.Fatalf("draft ttl %v", cfg.Bot.DraftTTL)
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	cases := []struct {
		name, yaml string
		env        []string
		key        string
	}{
		{"unknown key", "bot:\n  tokn: x\n", nil, "tokn"},
		{"unknown env", "", []string{"TIPLINE_KEYS_REPORTR=abc"}, "TIPLINE_KEYS_REPORTR"},
		{"missing key", "", []string{"TIPLINE_KEYS_SEAL="}, "keys.seal: is missing"},
		{"short key", "", []string{"TIPLINE_KEYS_RECEIPT=" + base64.StdEncoding.EncodeToString([]byte("short"))}, "keys.receipt: is too short"},
		{"bad cron", "digest:\n  daily: \"61 8 * * *\"\n", nil, "digest.daily"},
		{"bad timezone", "timezone: Mars/Olympus\n", nil, "timezone"},
		{"empty areas", "areas: []\n", nil, "areas: at least one"},
		{"duplicate area", "areas:\n  - {code: a, zh: 甲, en: A}\n  - {code: a, zh: 乙, en: B}\n", nil, "areas[1].code"},
		{"bad mode", "bot:\n  mode: carrier_pigeon\n", nil, "bot.mode"},
		{"polling without token", "bot:\n  mode: polling\n", nil, "bot.token"},
		{"webhook without secret", "bot:\n  mode: webhook\n  token: \"1:ABCDEFGHIJKLMNOPQRSTUVWXYZ\"\n  webhook:\n    url: https://x.example/telegram/webhook\n", nil, "bot.webhook.secret"},
		{"webhook connections", "bot:\n  mode: webhook\n  token: \"1:ABCDEFGHIJKLMNOPQRSTUVWXYZ\"\n  webhook:\n    url: https://x.example/telegram/webhook\n    secret: abcdefghijklmnopqrstuvwxyz\n    max_connections: 500\n", nil, "bot.webhook.max_connections"},
		{"bad duration", "deadlines:\n  feedback: soon\n", nil, "soon"},
		{"oversized files", "bot:\n  max_file_bytes: 50000000\n", nil, "bot.max_file_bytes"},
		{"bad env int", "", []string{"TIPLINE_BOT_WORKERS=many"}, "bot.workers"},
		{"bad locale", "locale: fr\n", nil, "locale"},
		{"emails without smtp", "digest:\n  emails: [office@example.org]\n", nil, "smtp.host"},
		{"bad priority", "categories:\n  - {code: x, zh: 甲, en: A, priority: 9}\n", nil, "categories[0].priority"},
		{"no database", "", []string{"TIPLINE_DATABASE_URL="}, "database.url"},
		{"public listener without token", "admin:\n  listen: 0.0.0.0:8080\n", nil, "bot.token: is required when admin.listen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, append(goodEnv(t), c.env...))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.key) {
				t.Fatalf("error does not name %q: %v", c.key, err)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("timezone: Asia/Shanghai\n"))
	f.Add([]byte("areas: []\n"))
	f.Add([]byte("bot: {mode: webhook}\n"))
	f.Add([]byte("deadlines:\n  feedback: 9999999999d\n"))
	f.Add([]byte("\x00\xff: [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(path, goodEnvFuzz)
		if err == nil && (cfg.Location == nil || len(cfg.Areas) == 0) {
			t.Fatal("a config without timezone or areas was accepted")
		}
	})
}

var goodEnvFuzz = []string{
	"TIPLINE_DATABASE_URL=postgres://root@127.0.0.1/x",
	"TIPLINE_KEYS_REPORTER=" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")),
	"TIPLINE_KEYS_SEAL=" + base64.StdEncoding.EncodeToString([]byte("1123456789abcdef0123456789abcdef")),
	"TIPLINE_KEYS_RECEIPT=" + base64.StdEncoding.EncodeToString([]byte("2123456789abcdef0123456789abcdef")),
}

func TestNamesByLocale(t *testing.T) {
	cfg := Default()
	a, _ := cfg.Area("meiqiao")
	k, _ := cfg.Category("selling")
	if a.Name("zh-CN") != "梅桥镇" || a.Name("en") != "Meiqiao Town" || a.Name("fr") != "梅桥镇" {
		t.Fatalf("area names: %q %q", a.Name("zh-CN"), a.Name("en"))
	}
	if k.Name("en") != "Selling drugs (incl. street bags)" || k.Name("zh-CN") != "贩卖毒品(含零包)" {
		t.Fatalf("category names: %q %q", k.Name("zh-CN"), k.Name("en"))
	}
}

func TestGenerateKeys(t *testing.T) {
	a, b := GenerateKeys(), GenerateKeys()
	if a == b || a.Reporter == a.Seal || a.Seal == a.Receipt {
		t.Fatalf("keys repeat: %+v %+v", a, b)
	}
	for _, k := range []string{a.Reporter, a.Seal, a.Receipt} {
		if raw, err := DecodeKey(k); err != nil || len(raw) < MinKeyBytes {
			t.Fatalf("key %q: %d bytes, %v", k, len(raw), err)
		}
	}
}
