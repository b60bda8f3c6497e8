// Package pgconn opens Tipline's connection pools to PostgreSQL with the
// session settings its workload wants, whatever the server's defaults.
package pgconn

import (
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// sessionSettings are sent when each connection starts (no extra round trip).
// A setting the URL names itself is left as the URL says.
//
// jit: Tipline's queries read a page of rows or a few thousand at most, and
// the planner's cost for some (a search across every state, a month's
// dashboard over a million tips) passes jit_above_cost, so they were compiled
// with LLVM. A backend's first compilation loads LLVM, about 70 ms, and every
// one costs more than the query it speeds up: with it on, the search page's
// p95 was 83–98 ms against 52–56 ms with it off (scripts/bench.sh --only
// admin, 1M tips).
var sessionSettings = map[string]string{"jit": "off"}

// Open returns a pool for url (a PostgreSQL URL or key=value string). Nothing
// is dialled yet.
func Open(url string) (*sqlx.DB, error) {
	cfg, err := pq.NewConfig(url)
	if err != nil {
		return nil, err
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	for k, v := range sessionSettings {
		if _, set := cfg.Runtime[k]; !set {
			cfg.Runtime[k] = v
		}
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("pgconn: %w", err)
	}
	return sqlx.NewDb(sql.OpenDB(c), "postgres"), nil
}
