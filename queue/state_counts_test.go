package queue

import (
	"context"
	"testing"
)

// The counts kept by migration 019's triggers must equal a count of the
// table after inserts, transitions, kind changes and deletes, before and
// after CountByState folds them.
func TestCountByStateMatchesTable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s, db := b.store, b.db
	ctx := context.Background()
	exact := func(kind Kind) map[State]int {
		t.Helper()
		out := map[State]int{}
		for _, st := range States {
			out[st] = 0
		}
		rows, err := db.QueryContext(ctx, `SELECT state, count(*) FROM tips WHERE kind = $1 GROUP BY state`, string(kind))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var st State
			var n int
			if err := rows.Scan(&st, &n); err != nil {
				t.Fatal(err)
			}
			out[st] = n
		}
		return out
	}
	check := func(when string) {
		t.Helper()
		for _, kind := range []Kind{KindReport, KindHelp} {
			got, err := s.CountByState(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			want := exact(kind)
			for _, st := range States {
				if got[st] != want[st] {
					t.Errorf("%s: %s %s: CountByState %d, table %d", when, kind, st, got[st], want[st])
				}
			}
		}
	}
	check("empty")
	if err := Seed(ctx, db, b.cfg, []byte("seed-key"), 300, nil); err != nil {
		t.Fatal(err)
	}
	check("seeded")
	if _, err := db.ExecContext(ctx, `UPDATE tips SET state = 'closed', closed_at = now(), resolution = 'unfounded', contact_sealed = NULL
		WHERE id IN (SELECT id FROM tips WHERE state = 'new' ORDER BY id LIMIT 7)`); err != nil {
		t.Fatal(err)
	}
	check("closed some")
	if _, err := db.ExecContext(ctx, `UPDATE tips SET kind = 'help' WHERE id IN (SELECT id FROM tips WHERE kind = 'report' AND resolution IS NULL ORDER BY id LIMIT 5)`); err != nil {
		t.Fatal(err)
	}
	check("kind changed")
	if _, err := db.ExecContext(ctx, `UPDATE tips SET priority = priority`); err != nil {
		t.Fatal(err)
	}
	check("no state changed")
	if _, err := db.ExecContext(ctx, `DELETE FROM tips WHERE id IN (SELECT id FROM tips ORDER BY id DESC LIMIT 11)`); err != nil {
		t.Fatal(err)
	}
	// Pile up more change rows than CountByState keeps, one statement each.
	for i := 0; i < stateCountsFoldAt/2+5; i++ {
		if _, err := db.ExecContext(ctx, `UPDATE tips SET state = CASE state WHEN 'new' THEN 'in_review' ELSE 'new' END
			WHERE id = (SELECT min(id) FROM tips WHERE state IN ('new', 'in_review') AND kind = 'report')`); err != nil {
			t.Fatal(err)
		}
	}
	check("before folding")
	var rowsLeft int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM tip_state_counts WHERE kind = 'report'`).Scan(&rowsLeft); err != nil {
		t.Fatal(err)
	}
	if rowsLeft > len(States) {
		t.Errorf("%d change rows left after a count over %d, want at most one per state", rowsLeft, stateCountsFoldAt)
	}
	check("after folding")
}
