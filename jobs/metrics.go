package jobs

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	runsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_jobs_runs_total",
		Help: "Runs of scheduled jobs by job and outcome (done, retry, failed).",
	}, []string{"job", "outcome"})
	deliveriesTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_jobs_digest_deliveries_total",
		Help: "Digest deliveries by channel and outcome (sent, error).",
	}, []string{"channel", "outcome"})
	alertsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "tipline_jobs_deadline_alerts_total",
		Help: "Deadline alerts raised, by deadline.",
	}, []string{"deadline"})
)
