package jobs

import (
	"testing"
	"time"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustSchedule(t *testing.T, spec string, loc *time.Location) schedule {
	t.Helper()
	s, err := parseSchedule(spec, loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPeriods(t *testing.T) {
	t.Parallel()
	sh := mustLoc(t, "Asia/Shanghai")
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	cases := []struct {
		name       string
		spec       string
		now        time.Time
		start, end time.Time
	}{
		{"daily at 08:00, just after the fire", "0 8 * * *", at(sh, 2026, 11, 28, 8, 0),
			at(sh, 2026, 11, 27, 8, 0), at(sh, 2026, 11, 28, 8, 0)},
		{"daily at 08:00, before today's fire", "0 8 * * *", at(sh, 2026, 11, 28, 7, 59),
			at(sh, 2026, 11, 26, 8, 0), at(sh, 2026, 11, 27, 8, 0)},
		{"midnight across midnight", "0 0 * * *", at(sh, 2026, 11, 28, 0, 30),
			at(sh, 2026, 11, 27, 0, 0), at(sh, 2026, 11, 28, 0, 0)},
		{"daily across a month end", "0 8 * * *", at(sh, 2026, 12, 1, 9, 0),
			at(sh, 2026, 11, 30, 8, 0), at(sh, 2026, 12, 1, 8, 0)},
		{"daily across February's end", "0 8 * * *", at(sh, 2028, 3, 1, 8, 0),
			at(sh, 2028, 2, 29, 8, 0), at(sh, 2028, 3, 1, 8, 0)},
		{"weekly Monday across a month end", "0 8 * * 1", at(sh, 2026, 12, 2, 12, 0),
			at(sh, 2026, 11, 23, 8, 0), at(sh, 2026, 11, 30, 8, 0)},
		{"weekly across the year end", "0 8 * * 1", at(sh, 2027, 1, 4, 8, 0),
			at(sh, 2026, 12, 28, 8, 0), at(sh, 2027, 1, 4, 8, 0)},
		{"every 5 minutes", "*/5 * * * *", at(sh, 2026, 11, 28, 0, 2),
			at(sh, 2026, 11, 27, 23, 55), at(sh, 2026, 11, 28, 0, 0)},
	}
	for _, c := range cases {
		p, err := mustSchedule(t, c.spec, sh).Latest(c.now)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Start.Equal(c.start) || !p.End.Equal(c.end) {
			t.Errorf("%s: period [%s, %s), want [%s, %s)", c.name, p.Start, p.End, c.start, c.end)
		}
	}
}

// In Berlin the clock jumps from 02:00 to 03:00 on the last Sunday of March
// and from 03:00 back to 02:00 on the last Sunday of October; a 02:30 job
// still runs once each day, and the periods tile time without gap or overlap.
func TestPeriodsAcrossDST(t *testing.T) {
	t.Parallel()
	be := mustLoc(t, "Europe/Berlin")
	s := mustSchedule(t, "30 2 * * *", be)

	spring, err := s.Latest(time.Date(2026, 3, 29, 12, 0, 0, 0, be))
	if err != nil {
		t.Fatal(err)
	}
	// 02:30 does not exist on March 29: the run is when the clock jumps over it.
	if want := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC); !spring.End.Equal(want) {
		t.Errorf("spring-forward fire at %s, want %s", spring.End, want)
	}
	if got := spring.End.Sub(spring.Start); got != 24*time.Hour {
		t.Errorf("period ending on the skipped hour lasts %s, want 24h", got)
	}
	after, err := s.Ending(s.Next(spring.End))
	if err != nil {
		t.Fatal(err)
	}
	if got := after.End.Sub(after.Start); got != 23*time.Hour {
		t.Errorf("the day after the clock sprang forward lasts %s, want 23h", got)
	}

	autumn, err := s.Latest(time.Date(2026, 10, 25, 12, 0, 0, 0, be))
	if err != nil {
		t.Fatal(err)
	}
	if got := autumn.End.Sub(autumn.Start); got != 25*time.Hour {
		t.Errorf("the day the clock fell back lasts %s, want 25h", got)
	}
	if h, m := autumn.End.In(be).Hour(), autumn.End.In(be).Minute(); h != 2 || m != 30 {
		t.Errorf("autumn fire at %02d:%02d local, want 02:30", h, m)
	}

	// One fire per local day through both changes, each period starting where
	// the last ended.
	fire := time.Date(2026, 3, 20, 2, 30, 0, 0, be)
	seen := map[string]int{}
	for fire.Before(time.Date(2026, 11, 5, 0, 0, 0, 0, be)) {
		next := s.Next(fire)
		p, err := s.Ending(next)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Start.Equal(fire) {
			t.Fatalf("period ending %s starts %s, want %s", next, p.Start, fire)
		}
		seen[next.In(be).Format("2006-01-02")]++
		fire = next
	}
	for day, n := range seen {
		if n != 1 {
			t.Errorf("%s: %d fires, want 1", day, n)
		}
	}
	for _, day := range []string{"2026-03-29", "2026-10-25"} {
		if seen[day] != 1 {
			t.Errorf("%s: %d fires, want 1", day, seen[day])
		}
	}
}

func TestStartingPeriod(t *testing.T) {
	t.Parallel()
	sh := mustLoc(t, "Asia/Shanghai")
	s := mustSchedule(t, "0 8 * * *", sh)
	p, err := s.Starting(time.Date(2026, 11, 27, 0, 0, 0, 0, sh))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 27, 8, 0, 0, 0, sh); !p.Start.Equal(want) || !p.End.Equal(want.AddDate(0, 0, 1)) {
		t.Errorf("digest of the 27th covers [%s, %s)", p.Start, p.End)
	}
	// A fire time itself starts its own period.
	if q, _ := s.Starting(p.Start); !q.Start.Equal(p.Start) {
		t.Errorf("Starting(fire) = %s, want %s", q.Start, p.Start)
	}
}

func TestBar(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n, max int
		want   string
	}{
		{10, 10, "██████████"},
		{5, 10, "█████"},
		{1, 10, "█"},
		{1, 80, "▏"},
		{1, 1000, "▏"}, // a tip is never drawn as nothing
		{3, 16, "█▉"},  // 15 eighths
		{0, 10, ""},
	}
	for _, c := range cases {
		if got := bar(c.n, c.max); got != c.want {
			t.Errorf("bar(%d, %d) = %q, want %q", c.n, c.max, got, c.want)
		}
	}
}
