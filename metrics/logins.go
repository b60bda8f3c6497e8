package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var loginRefusals = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "tipline_admin_login_refusals_total",
	Help: "Refused admin logins, one-time codes and current-password checks by reason " +
		"(bad_credentials, locked, disabled, throttled, totp, totp_reused, busy). A sustained rate " +
		"is someone guessing; the admin's health page names the accounts and their locked clients.",
}, []string{"reason"})

// LoginRefused counts one refused login step. reason is one of a fixed few
// words, never anything typed.
func LoginRefused(reason string) { loginRefusals.WithLabelValues(reason).Inc() }
