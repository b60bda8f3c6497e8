package main

import (
	"github.com/tipline/tipline/telegramtest"

	"context"
	"fmt"
)

func runEmulator(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "emulator", "emulator [--listen 127.0.0.1:8081] --token TOKEN")
	listen := fs.String("listen", "127.0.0.1:8081", "address to serve the Bot API on")
	token := fs.String("token", "", "the bot token the emulator accepts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *token == "" {
		return usageError{"--token is required"}
	}
	fmt.Fprintf(env.stderr, "Telegram Bot API emulator on http://%s (point bot.api_url here)\n", *listen)
	return serveEmulator(ctx, *listen, *token)
}

func serveEmulator(ctx context.Context, addr, token string) error {
	return telegramtest.Serve(ctx, addr, telegramtest.Options{Token: token})
}
