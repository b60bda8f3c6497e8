package bot

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	updatesReceived = promauto.NewCounter(prometheus.CounterOpts{
		Name: "tipline_bot_updates_received_total",
		Help: "Updates written to the inbox (duplicates not counted).",
	})
	updatesProcessed = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_bot_updates_processed_total",
		Help: "Updates processed, by result: ok, error (will be retried), parked.",
	}, []string{"result"})
	inboxLag = promauto.NewGauge(prometheus.GaugeOpts{
		Name: "tipline_bot_inbox_lag_seconds",
		Help: "Age of the oldest pending update.",
	})
	outboxSent = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_outbox_sent_total",
		Help: "Outbox messages delivered, by kind.",
	}, []string{"kind"})
	outboxFailures = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_outbox_failures_total",
		Help: "Failed delivery attempts, by reason: rate_limited, server, network, blocked, bad_request, migrated, render.",
	}, []string{"reason"})
	outboxBacklog = promauto.NewGauge(prometheus.GaugeOpts{
		Name: "tipline_outbox_backlog",
		Help: "Pending outbox messages.",
	})
)
