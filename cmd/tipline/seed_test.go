package main

import (
	"strings"
	"testing"
)

// `tipline seed` says what it does while it vacuums, the long silent part at
// the end, before it says it is done.
func TestSeedSaysItVacuums(t *testing.T) {
	t.Parallel()
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+emptyDatabase(t))
	if code, _, errs := call(t, environ, "", "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, out, errs := call(t, environ, "", "seed", "--tips", "20")
	if code != 0 {
		t.Fatalf("seed: %d %s", code, errs)
	}
	seeded, vacuum := strings.Index(errs, "seeded 20/20 tips"), strings.Index(errs, "vacuuming and analysing")
	if seeded < 0 || vacuum < seeded || !strings.Contains(out, "added 20 synthetic tips") {
		t.Fatalf("seed said %q then %q", errs, out)
	}
}
