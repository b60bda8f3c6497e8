package main

import (
	"net/http"

	"github.com/tipline/tipline/admin"
	"github.com/tipline/tipline/bodycap"
	"github.com/tipline/tipline/bot"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/metrics"
)

// adminFormBytes bounds an admin form: the longest, a note of 10,000
// characters, is under 120 KB url-encoded even in Chinese or emoji.
const adminFormBytes = 256 << 10

// bodyRules are what each route of the admin listener may send
// (docs/operations.md, "Body limits"). A route that takes files is one more
// line with Multipart set.
func bodyRules(cfg *config.Config) []bodycap.Rule {
	rules := []bodycap.Rule{
		{Pattern: "/", MaxBytes: adminFormBytes},
		{Pattern: "POST /telegram/webhook", MaxBytes: bot.MaxUpdateBytes},
		// A question may carry one image for the reporter.
		{Pattern: "POST /tips/{id}/ask", MaxBytes: admin.AskImageBytes + adminFormBytes, Multipart: true},
		{Pattern: "GET /healthz"},
		{Pattern: "GET /readyz"},
		{Pattern: "GET /metrics"},
	}
	if cfg.Bot.Mode == "sandbox" {
		// The sandbox's page posts every message as a form, files included.
		rules = append(rules, bodycap.Rule{Pattern: "/sandbox/", MaxBytes: cfg.Bot.MaxFileBytes + 1<<20, Multipart: true})
	}
	return rules
}

// handler is the listener's chain. The body rules come first, before anything
// copies the request, so that forms are parsed once and their temporary files
// removed (bodycap's package doc).
func (a *app) handler() http.Handler {
	return bodycap.New(append(bodyRules(a.cfg), a.webRules...))(metrics.Middleware(a.mux))
}
