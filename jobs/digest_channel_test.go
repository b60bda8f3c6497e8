package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// TestDigestCountsByChannel: the daily and the weekly digest count the
// period's reports by channel as SQL does, in both languages and in the
// email's HTML; help questions are not among them. An area the reporter was
// not sure of is named, not shown as its code.
func TestDigestCountsByChannel(t *testing.T) {
	t.Parallel()
	b := setup(t)
	loc := b.cfg.Location
	in := time.Date(2026, 11, 20, 9, 0, 0, 0, loc) // a Friday, in the daily period of the 21st
	web := func(s *queue.Submission) { s.Channel = "web" }
	for range 4 {
		b.submitAt(t, in, nil)
	}
	b.submitAt(t, in, web)
	b.submitAt(t, in.Add(time.Hour), func(s *queue.Submission) { s.Channel, s.AreaCode = "web", queue.AreaUnknown })
	b.submitAt(t, in.Add(-48*time.Hour), web) // the weekly period only
	b.submitAt(t, in, func(s *queue.Submission) {
		s.Kind, s.Category, s.AreaCode, s.Channel = queue.KindHelp, queue.SelfHelpCategory, "", "web"
		s.Description = "我想戒毒，不知道去哪里求助。"
	})

	s := b.scheduler(t)
	for _, p := range []struct {
		weekly bool
		at     time.Time // the run's time: 08:00 daily, and Mondays weekly
		web    int
	}{
		{false, time.Date(2026, 11, 21, 9, 30, 0, 0, loc), 2},
		{true, time.Date(2026, 11, 23, 9, 30, 0, 0, loc), 3},
	} {
		weekly := p.weekly
		d, err := s.Preview(context.Background(), p.at, weekly)
		if err != nil {
			t.Fatal(err)
		}
		var counts []queue.Count
		if err := b.db.Select(&counts, `
			SELECT channel AS key, count(*) AS n FROM tips
			 WHERE kind = 'report' AND created_at >= $1 AND created_at < $2 GROUP BY channel`, d.PeriodStart, d.PeriodEnd); err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, c := range counts {
			want[c.Key] = c.N
		}
		if want["telegram"] != 4 || want["web"] != p.web {
			t.Fatalf("weekly %v: the fixture is not what the test means: %v in %s – %s", weekly, want, d.PeriodStart, d.PeriodEnd)
		}
		for _, c := range []struct{ text, head, telegram, web string }{
			{d.TextZh, "按渠道", "Telegram", "网页举报"},
			{d.TextEn, "By channel", "Telegram", "Web"},
		} {
			_, section, ok := strings.Cut(c.text, "\n"+c.head+"\n")
			if !ok {
				t.Fatalf("weekly %v: no %q section:\n%s", weekly, c.head, c.text)
			}
			section, _, _ = strings.Cut(section, "\n\n")
			lines := strings.Split(section, "\n")
			if len(lines) != 2 ||
				!strings.HasPrefix(lines[0], c.telegram+" ") || !strings.HasSuffix(lines[0], fmt.Sprintf(" %d", want["telegram"])) ||
				!strings.HasPrefix(lines[1], c.web+" ") || !strings.HasSuffix(lines[1], fmt.Sprintf(" %d", want["web"])) {
				t.Errorf("weekly %v: by channel reads %q, SQL counts %v", weekly, lines, want)
			}
		}
		if !strings.Contains(d.TextZh, "\n地点不确定 ") || !strings.Contains(d.TextEn, "\nPlace not sure ") {
			t.Errorf("weekly %v: the digest does not name the area a reporter was not sure of:\n%s", weekly, d.TextZh)
		}
		if !strings.Contains(d.HTML, fmt.Sprintf("<td>网页举报</td><td style=\"font-family: monospace\">%s</td><td>%d</td>", bar(want["web"], want["telegram"]), want["web"])) {
			t.Errorf("weekly %v: the email's HTML lacks the web channel's row:\n%s", weekly, d.HTML)
		}
	}
}
