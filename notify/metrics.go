package notify

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var deliveries = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "tipline_robot_deliveries_total",
	Help: "Group robot webhook calls by robot kind and outcome (sent, retry, rate_limited, dead).",
}, []string{"kind", "outcome"})
