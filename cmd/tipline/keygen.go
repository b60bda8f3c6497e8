package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"github.com/tipline/tipline/config"
)

func runKeygen(_ context.Context, env *environment, args []string) error {
	fs := newFlags(env, "keygen", "keygen [--env]")
	asEnv := fs.Bool("env", false, "print TIPLINE_KEYS_*=… lines for an environment file instead of YAML")
	webhook := fs.Bool("webhook-secret", false, "also print a webhook secret")
	if err := fs.Parse(args); err != nil {
		return err
	}
	k := config.GenerateKeys()
	keys := []string{"reporter", "seal", "receipt", "totp"}
	vals := map[string]string{"reporter": k.Reporter, "seal": k.Seal, "receipt": k.Receipt, "totp": k.TOTP}
	if *asEnv {
		for _, k := range keys {
			fmt.Fprintf(env.stdout, "TIPLINE_KEYS_%s=%s\n", upper(k), vals[k])
		}
		if *webhook {
			fmt.Fprintf(env.stdout, "TIPLINE_BOT_WEBHOOK_SECRET=%s\n", randomSecret())
		}
		return nil
	}
	fmt.Fprintln(env.stdout, "# Keep these secret and backed up: losing a key loses what it protects.")
	fmt.Fprintln(env.stdout, "keys:")
	for _, k := range keys {
		fmt.Fprintf(env.stdout, "  %s: %s\n", k, vals[k])
	}
	if *webhook {
		fmt.Fprintf(env.stdout, "# bot.webhook.secret:\n#   %s\n", randomSecret())
	}
	return nil
}

func randomSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
