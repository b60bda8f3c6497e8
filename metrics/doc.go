// Package metrics exposes what an operator watches on /metrics, in the
// Prometheus text format on the default registry:
//
//   - a collector that reads the queue, the jobs, the inbox and the outbox from
//     PostgreSQL at each scrape (one statement, short timeout), so every replica
//     reports the same numbers whatever components it runs;
//   - a middleware timing HTTP requests by route pattern and status code.
//
// The bot's own counters and gauges (updates received and processed, inbox lag,
// outbox backlog and failures) live in package bot; this package does not
// repeat them.
//
// Wiring, in cmd/tipline:
//
//	if err := metrics.Register(db); err != nil { … }
//	srv.Handler = metrics.Middleware(mux)
package metrics
