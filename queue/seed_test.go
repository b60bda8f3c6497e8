package queue

import (
	"context"
	"testing"
)

// A small seed looks like a year of the office's work.
func TestSeedSpread(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	calls := 0
	if err := Seed(ctx, b.db, b.cfg, []byte("seed-key"), 2000, func(int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("progress called %d times for one batch", calls)
	}
	var n, help, closed, open, linked, areas, cats, events, oldest int
	err := b.db.QueryRowx(`
		SELECT count(*), count(*) FILTER (WHERE kind = 'help'), count(*) FILTER (WHERE state = 'closed'),
		       count(*) FILTER (WHERE state <> 'closed'),
		       (SELECT count(DISTINCT tip_id) FROM tip_entities),
		       count(DISTINCT area_code), count(DISTINCT category),
		       (SELECT count(*) FROM tip_events),
		       count(*) FILTER (WHERE created_at < now() - interval '180 days')
		  FROM tips`).Scan(&n, &help, &closed, &open, &linked, &areas, &cats, &events, &oldest)
	must(t, err)
	t.Logf("tips %d help %d closed %d open %d linked %d areas %d categories %d events %d older than 180d %d",
		n, help, closed, open, linked, areas, cats, events, oldest)
	switch {
	case n != 2000:
		t.Fatalf("%d tips", n)
	case help == 0 || help > 200:
		t.Errorf("%d help questions", help)
	case closed < 800 || open < 200:
		t.Errorf("closed %d open %d", closed, open)
	case linked < 300:
		t.Errorf("only %d tips share entities", linked)
	case areas < 15 || cats < 7:
		t.Errorf("areas %d categories %d", areas, cats)
	case events < 2*n:
		t.Errorf("%d events", events)
	case oldest == 0:
		t.Errorf("no tip older than half a year")
	}
	// Made oldest first, as a real table fills: ids follow creation times.
	var back int
	must(t, b.db.QueryRowx(`SELECT count(*) FROM (
		SELECT created_at < lag(created_at) OVER (ORDER BY id) AS back FROM tips) x WHERE back`).Scan(&back))
	if back != 0 {
		t.Errorf("%d tips were created before the tip with the id before theirs", back)
	}
	// Seeded tips work like submitted ones: searchable, linked, listable.
	p, err := b.store.List(ctx, Filter{Query: "冰毒", Limit: 5})
	must(t, err)
	if len(p.Tips) == 0 {
		t.Error("no seeded tip found for 冰毒")
	}
	var shared int64
	must(t, b.db.QueryRowx(`SELECT tip_id FROM tip_entities te WHERE EXISTS (
		SELECT 1 FROM tip_entities o WHERE o.entity_id = te.entity_id AND o.tip_id <> te.tip_id) LIMIT 1`).Scan(&shared))
	links, err := b.store.Linked(ctx, shared)
	must(t, err)
	if len(links) == 0 {
		t.Error("no links for a tip sharing an entity")
	}
}
