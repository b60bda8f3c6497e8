package queue

import (
	"context"
	"testing"
	"time"
)

// TestStatsByChannel: the dashboard's and digests' counts by channel are the
// reports of the window, channel by channel, as SQL counts them; help
// questions and tips outside the window are not among them.
func TestStatsByChannel(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, b.cfg.Location)
	sub := func(h int, kind Kind, channel string) {
		at := day.Add(time.Duration(h) * time.Hour)
		x := validSubmission()
		x.Kind, x.Channel = kind, channel
		if kind == KindHelp {
			x.Category, x.AreaCode = SelfHelpCategory, ""
		}
		_, _, err := b.store.WithClock(func() time.Time { return at }).Submit(ctx, b.db, x)
		must(t, err)
	}
	for h := range 5 {
		sub(h, KindReport, "telegram")
	}
	sub(6, KindReport, "web")
	sub(7, KindReport, "web")
	sub(8, KindReport, "") // a submission that names no channel is Telegram's
	sub(9, KindHelp, "web")
	sub(-3, KindReport, "web") // before the window
	sub(30, KindReport, "web") // after it

	from, to := day, day.Add(24*time.Hour)
	s, err := b.store.Stats(ctx, from, to)
	must(t, err)
	var want []Count
	must(t, b.db.Select(&want, `
		SELECT channel AS key, count(*) AS n FROM tips
		 WHERE kind = 'report' AND created_at >= $1 AND created_at < $2
		 GROUP BY channel ORDER BY count(*) DESC, channel`, from, to))
	if len(want) != 2 || want[0] != (Count{"telegram", 6}) || want[1] != (Count{"web", 2}) {
		t.Fatalf("the fixture is not what the test means: %v", want)
	}
	if len(s.ByChannel) != len(want) {
		t.Fatalf("by channel %v, SQL counts %v", s.ByChannel, want)
	}
	sum := 0
	for i := range want {
		if s.ByChannel[i] != want[i] {
			t.Errorf("by channel %v, SQL counts %v", s.ByChannel, want)
		}
		sum += s.ByChannel[i].N
	}
	if sum != s.New {
		t.Errorf("channels add up to %d, new tips are %d", sum, s.New)
	}
}
