package config

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goodEnv(*testing.T) []string {
	return append(keysEnv(GenerateKeys()), "PATH=/usr/bin")
}

// keysEnv is a database URL and the given keys, in environment form.
func keysEnv(k Keys) []string {
	return []string{
		"TIPLINE_DATABASE_URL=postgres://root@127.0.0.1/x",
		"TIPLINE_KEYS_REPORTER=" + k.Reporter,
		"TIPLINE_KEYS_SEAL=" + k.Seal,
		"TIPLINE_KEYS_RECEIPT=" + k.Receipt,
	}
}

func TestExampleLoads(t *testing.T) {
	cfg, err := Load("../config.example.yaml", goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location.String() != "Asia/Shanghai" || cfg.Bot.Mode != "" || len(cfg.Areas) != 22 {
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
		{"sandbox on a public admin", "admin:\n  listen: 0.0.0.0:8080\nbot:\n  mode: sandbox\n", nil, "bot.mode: sandbox runs only on this computer, but admin.listen"},
		{"sandbox on a public listener", "public:\n  listen: '[::]:8443'\n  base_url: https://jubao.example.cn\n", []string{"TIPLINE_BOT_MODE=sandbox"}, "bot.mode: sandbox runs only on this computer, but public.listen"},
		{"shared public listener", "admin:\n  listen: 0.0.0.0:8080\n", []string{"TIPLINE_BOT_TOKEN=" + token}, "public.listen: is required when admin.listen"},
		{"public listener without base url", "public:\n  listen: 0.0.0.0:8443\n", nil, "public.base_url: is required"},
		{"public listener on the admin's address", "public:\n  listen: 127.0.0.1:8080\n  base_url: http://127.0.0.1:8080\n", nil, "public.listen: must differ"},
		{"http base url on a public listener", "public:\n  listen: 0.0.0.0:8443\n  base_url: http://jubao.example.cn\n", nil, "public.base_url: must be https"},
		{"base url with a query", "public:\n  base_url: https://jubao.example.cn/?from=poster\n", nil, "public.base_url: must be an absolute"},
		{"relative base url", "public:\n  base_url: jubao.example.cn\n", nil, "public.base_url: must be an absolute"},
		{"no minimum fill time", "web:\n  min_fill: 0s\n", nil, "web.min_fill: must be a positive"},
		{"receipt kept too long", "web:\n  receipt_ttl: 2h\n", nil, "web.receipt_ttl: must be at most 1h"},
		{"no web drafts", "", []string{"TIPLINE_WEB_DRAFT_TTL=0s"}, "web.draft_ttl"},
		{"no web reports", "", []string{"TIPLINE_WEB_REPORTS_PER_DAY=0"}, "web.reports_per_day: must be positive"},
		{"no receipt checks", "", []string{"TIPLINE_WEB_CHECKS_PER_HOUR=-1"}, "web.checks_per_hour"},
		{"no uploads", "", []string{"TIPLINE_WEB_UPLOADS_PER_HOUR=0"}, "web.uploads_per_hour"},
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

// The sandbox runs only when asked for by name: a missing token leaves no mode,
// and a bot asked to start then refuses, naming both keys.
func TestBotModeIsChosen(t *testing.T) {
	cfg, err := Load("", goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Bot.RequireMode()
	if cfg.Bot.Mode != "" || err == nil || !strings.Contains(err.Error(), "bot.mode: is empty") || !strings.Contains(err.Error(), "bot.token") {
		t.Fatalf("no token: mode %q, %v", cfg.Bot.Mode, err)
	}
	for env, mode := range map[string]string{"TIPLINE_BOT_MODE=sandbox": "sandbox", "TIPLINE_BOT_TOKEN=" + token: "polling"} {
		cfg, err := Load("", append(goodEnv(t), env))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Bot.Mode != mode || cfg.Bot.RequireMode() != nil {
			t.Fatalf("%s: mode %q, %v", env, cfg.Bot.Mode, cfg.Bot.RequireMode())
		}
	}
}

// token is a well-formed bot token for cases that need one.
const token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// In development the web report shares the admin's loopback listener and its
// base URL; in production it has its own, set from the environment.
func TestPublicListener(t *testing.T) {
	cfg, err := Load("", goodEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if addr, shared := cfg.PublicListen(); addr != "127.0.0.1:8080" || !shared || cfg.PublicBaseURL() != "http://localhost:8080" {
		t.Fatalf("development: %s shared %v base %s", addr, shared, cfg.PublicBaseURL())
	}
	w := cfg.Web
	if !w.Enabled || w.DraftTTL.String() != "2h0m0s" || w.ReceiptTTL.String() != "1h0m0s" || w.MinFill.String() != "3s" ||
		w.ReportsPerDay != 5 || w.ChecksPerHour != 10 || w.UploadsPerHour <= 0 {
		t.Fatalf("web defaults: %+v", w)
	}

	cfg, err = Load("", append(goodEnv(t),
		"TIPLINE_BOT_TOKEN="+token,
		"TIPLINE_ADMIN_LISTEN=10.0.0.5:8080",
		"TIPLINE_PUBLIC_LISTEN=0.0.0.0:8443",
		"TIPLINE_PUBLIC_BASE_URL=https://jubao.example.cn/",
		"TIPLINE_WEB_MIN_FILL=5s",
		"TIPLINE_WEB_REPORTS_PER_DAY=3",
	))
	if err != nil {
		t.Fatal(err)
	}
	if addr, shared := cfg.PublicListen(); addr != "0.0.0.0:8443" || shared {
		t.Fatalf("production listener: %s shared %v", addr, shared)
	}
	if cfg.PublicBaseURL() != "https://jubao.example.cn" || cfg.Web.MinFill.String() != "5s" || cfg.Web.ReportsPerDay != 3 {
		t.Fatalf("production: base %s web %+v", cfg.PublicBaseURL(), cfg.Web)
	}

	// Without the web report and the webhook nothing public is served, so a
	// non-loopback admin needs no public listener.
	if _, err := Load("", append(goodEnv(t), "TIPLINE_BOT_TOKEN="+token, "TIPLINE_ADMIN_LISTEN=10.0.0.5:8080",
		"TIPLINE_WEB_ENABLED=false")); err != nil {
		t.Fatal(err)
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

var goodEnvFuzz = keysEnv(GenerateKeys())

func TestNamesByLocale(t *testing.T) {
	cfg := Default()
	a, _ := cfg.Area("meiqiao")
	k, _ := cfg.Category("selling")
	if a.Name("zh-CN") != "梅桥镇" || a.Name("en") != "Meiqiao Town" || a.Name("fr") != "梅桥镇" {
		t.Fatalf("area names: %q %q", a.Name("zh-CN"), a.Name("en"))
	}
	if k.Name("en") != "Selling drugs (incl. street bags)" || k.Name("zh-CN") != "贩卖毒品（含零包）" {
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

// loadKeys loads the defaults with the three keys set as given.
func loadKeys(reporter, seal, receipt string) error {
	_, err := Load("", keysEnv(Keys{Reporter: reporter, Seal: seal, Receipt: receipt}))
	return err
}

// The audit's keys: 32 zero bytes written three ways (padded, unpadded, and
// padded with non-zero padding bits), each a different string.
func TestZeroKeysRefused(t *testing.T) {
	zeros := make([]byte, MinKeyBytes)
	padded := base64.StdEncoding.EncodeToString(zeros)
	raw := base64.RawStdEncoding.EncodeToString(zeros)
	loose := padded[:len(padded)-2] + "B="
	if padded == raw || padded == loose || raw == loose {
		t.Fatal("the three spellings must differ")
	}
	for _, s := range []string{padded, raw, loose} {
		if b, err := DecodeKey(s); err != nil || !bytes.Equal(b, zeros) {
			t.Fatalf("%q does not decode to zeros: %x %v", s, b, err)
		}
	}
	err := loadKeys(padded, raw, loose)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, key := range []string{"keys.reporter: looks far from random", "keys.seal: looks far from random", "keys.receipt: looks far from random"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %q: %v", key, err)
		}
	}
}

// One random key written three ways is one key doing three jobs.
func TestSameKeyWrittenDifferentlyRefused(t *testing.T) {
	b := make([]byte, MinKeyBytes)
	for {
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		// URL base64 differs from the standard one only when + or / occurs.
		if s := base64.StdEncoding.EncodeToString(b); strings.ContainsAny(s, "+/") {
			break
		}
	}
	err := loadKeys(base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, key := range []string{"keys.seal: is the same key as keys.reporter", "keys.receipt: is the same key as keys.reporter"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %q: %v", key, err)
		}
	}
	if strings.Contains(err.Error(), base64.RawStdEncoding.EncodeToString(b)[:16]) {
		t.Fatalf("the error shows the key: %v", err)
	}
}

func TestWeakKeysRefused(t *testing.T) {
	random := make([]byte, MinKeyBytes)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	halfZero := append(append([]byte{}, random[:16]...), make([]byte, 16)...)
	interleaved := make([]byte, MinKeyBytes)
	for i := 0; i < len(interleaved); i += 2 {
		interleaved[i] = random[i]
	}
	cases := map[string]struct {
		key  []byte
		want string
	}{
		"all one byte":     {bytes.Repeat([]byte{0xff}, 48), "looks far from random"},
		"a phrase":         {[]byte("password password password passw"), "looks far from random"},
		"zeros in between": {interleaved, "looks far from random"},
		"counting":         {append([]byte("0123456789"), random[:24]...), "count by one fixed step"},
		"counting down":    {append(append([]byte{}, random[:24]...), 90, 80, 70, 60, 50, 40, 30, 20), "count by one fixed step"},
		"half zeros":       {halfZero, "looks far from random"},
		"a repeated block": {append(append([]byte{}, random...), random...), "repeats one block of 32 bytes"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			k := GenerateKeys()
			err := loadKeys(k.Reporter, base64.StdEncoding.EncodeToString(c.key), k.Receipt)
			if err == nil || !strings.Contains(err.Error(), "keys.seal: ") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want keys.seal: %s, got %v", c.want, err)
			}
		})
	}
}

// What `tipline keygen` makes is always accepted; so are longer keys from
// openssl rand -base64 48 and hex text (openssl rand -hex 32 | base64).
func TestGeneratedKeysAccepted(t *testing.T) {
	for i := 0; i < 2000; i++ {
		k := GenerateKeys()
		if err := loadKeys(k.Reporter, k.Seal, k.Receipt); err != nil {
			t.Fatalf("generated keys refused: %v", err)
		}
	}
	long := make([]byte, 48)
	hexText := make([]byte, 32)
	if _, err := rand.Read(long); err != nil {
		t.Fatal(err)
	}
	if _, err := rand.Read(hexText); err != nil {
		t.Fatal(err)
	}
	k := GenerateKeys()
	if err := loadKeys(base64.StdEncoding.EncodeToString(long), base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(hexText))), k.Receipt); err != nil {
		t.Fatal(err)
	}
}
