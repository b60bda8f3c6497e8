package bot

import (
	"testing"

	"github.com/tipline/tipline/telegramtest"
)

func TestWarmLeavesConnectionsReady(t *testing.T) {
	t.Parallel()
	f := setup(t, telegramtest.Options{})
	f.db.SetMaxOpenConns(6)
	f.db.SetMaxIdleConns(6)
	s := f.service(t)
	s.warm(t.Context())
	// Four workers and the reserve would take eight: the pool's six are warmed.
	if st := f.db.Stats(); st.OpenConnections != 6 || st.Idle != 6 {
		t.Fatalf("after warming: %d connections open, %d idle; want 6 and 6", st.OpenConnections, st.Idle)
	}
}
