package jobs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tipline/tipline/queue"
)

// Digest is one period's summary for the office. It says nothing about
// reporters and, unless configured, nothing of what tips say.
type Digest struct {
	Job         string
	Weekly      bool
	PeriodStart time.Time
	PeriodEnd   time.Time
	Late        bool
	// Stats of the period, and the reports that arrived in the period a week
	// earlier, for comparison.
	Stats     queue.Stats
	NewBefore int
	Urgent    []queue.Tip
	Overdue   []queue.Tip
	// Results are what the period's work led to, in the weekly digest only.
	Results *digestResults
	TextZh  string
	TextEn  string
	HTML    string
	// CSV lists the period's tips (UTF-8 with BOM, for spreadsheet programs).
	CSV []byte
}

// Text is the digest in a locale ("zh-CN" or "en").
func (d Digest) Text(locale string) string {
	if locale == "en" {
		return d.TextEn
	}
	return d.TextZh
}

// listLimit caps the tips listed by name in a digest, so it fits one message.
const listLimit = 15

// Preview builds the digest that the run at or before at would send (the
// daily one, or the weekly one when weekly), without storing or sending it.
func (s *Scheduler) Preview(ctx context.Context, at time.Time, weekly bool) (Digest, error) {
	if at.IsZero() {
		at = s.now()
	}
	j, err := s.job(digestJob(weekly))
	if err != nil {
		return Digest{}, err
	}
	p, err := j.sched.Latest(at)
	if err != nil {
		return Digest{}, err
	}
	return s.build(ctx, j.name, p, false)
}

func digestJob(weekly bool) string {
	if weekly {
		return JobWeeklyDigest
	}
	return JobDailyDigest
}

// build gathers the period's figures from the queue and renders them.
func (s *Scheduler) build(ctx context.Context, name string, p period, late bool) (Digest, error) {
	d := Digest{Job: name, Weekly: name == JobWeeklyDigest, PeriodStart: p.Start, PeriodEnd: p.End, Late: late}
	var err error
	if d.Stats, err = s.tips.Stats(ctx, p.Start, p.End); err != nil {
		return Digest{}, fmt.Errorf("jobs: unable to build the digest: %w", err)
	}
	// A week earlier on the calendar, so a DST change does not shift it.
	if d.NewBefore, err = s.tips.CountNew(ctx, p.Start.AddDate(0, 0, -7), p.End.AddDate(0, 0, -7)); err != nil {
		return Digest{}, fmt.Errorf("jobs: unable to build the digest: %w", err)
	}
	urgent, err := s.tips.UrgentTips(ctx, p.Start, p.End, listLimit+1)
	if err != nil {
		return Digest{}, fmt.Errorf("jobs: unable to build the digest: %w", err)
	}
	overdue, err := s.tips.OverdueTips(ctx, s.now(), listLimit+1)
	if err != nil {
		return Digest{}, fmt.Errorf("jobs: unable to build the digest: %w", err)
	}
	d.Urgent, d.Overdue = reportsOnly(urgent), reportsOnly(overdue)
	if d.Weekly {
		if d.Results, err = s.results(ctx, p, d.Stats); err != nil {
			return Digest{}, err
		}
	}
	if d.CSV, err = s.tipsCSV(ctx, p, d.Stats.ByArea); err != nil {
		return Digest{}, err
	}
	now := s.now()
	d.TextZh = s.renderText(d, wordsZh, now)
	d.TextEn = s.renderText(d, wordsEn, now)
	if d.HTML, err = s.renderHTML(d, wordsFor(s.cfg.Digest.Locale), now); err != nil {
		return Digest{}, err
	}
	return d, nil
}

// reportsOnly drops self-help questions: a person asking for help to quit
// never appears in what enforcement reads.
func reportsOnly(ts []queue.Tip) []queue.Tip {
	return slices.DeleteFunc(ts, func(t queue.Tip) bool { return t.Kind == queue.KindHelp })
}

// eighths are the partial blocks of a bar, so bars read in a chat without images.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

const barWidth = 10

// bar draws n against max as up to barWidth full blocks, in eighths.
func bar(n, max int) string {
	if n <= 0 || max <= 0 {
		return ""
	}
	e := (n*barWidth*8 + max/2) / max
	if e == 0 {
		e = 1
	}
	return strings.Repeat("█", e/8) + eighths[e%8]
}

// areaRow is one line of the by-area chart; a small count is shown as "<N"
// and without a bar, so the digest never narrows a tip down to a village.
type areaRow struct {
	Label, Count, Bar string
}

func (s *Scheduler) areaRows(counts []queue.Count, w words) []areaRow {
	minN := s.cfg.Digest.MinAreaCount
	top := 0
	for _, c := range counts {
		top = max(top, c.N)
	}
	var shown, hidden []areaRow
	for _, c := range counts {
		if c.N <= 0 {
			continue
		}
		label := w.area(s.cfg, c.Key)
		if c.N < minN {
			hidden = append(hidden, areaRow{Label: label, Count: fmt.Sprintf("<%d", minN)})
			continue
		}
		shown = append(shown, areaRow{Label: label, Count: fmt.Sprint(c.N), Bar: bar(c.N, top)})
	}
	// Hidden areas in name order: ranking them would tell their counts apart.
	slices.SortStableFunc(hidden, func(a, b areaRow) int { return strings.Compare(a.Label, b.Label) })
	return append(shown, hidden...)
}

type countRow struct {
	Label string
	N     int
	Bar   string
}

func (s *Scheduler) categoryRows(counts []queue.Count, w words) []countRow {
	return countRows(counts, func(code string) (string, bool) {
		return w.category(s.cfg, code), code != queue.SelfHelpCategory
	})
}

// channelRows are the period's reports by channel, most first.
func (s *Scheduler) channelRows(counts []queue.Count, w words) []countRow {
	return countRows(counts, func(code string) (string, bool) { return w.channel(code), true })
}

// countRows draws counts as bars against the largest; label names a count's
// key, or leaves the count out.
func countRows(counts []queue.Count, label func(code string) (string, bool)) []countRow {
	top := 0
	for _, c := range counts {
		top = max(top, c.N)
	}
	var rows []countRow
	for _, c := range counts {
		name, shown := label(c.Key)
		if c.N > 0 && shown {
			rows = append(rows, countRow{Label: name, N: c.N, Bar: bar(c.N, top)})
		}
	}
	return rows
}

// tipLine is one tip as a digest lists it.
type tipLine struct {
	ID                                   int64
	Priority, Category, Area, Age, State string
	Excerpt, Link                        string
}

func (s *Scheduler) tipLines(ts []queue.Tip, w words, now time.Time, since func(queue.Tip) time.Time) []tipLine {
	var out []tipLine
	for i, t := range ts {
		if i == listLimit {
			break
		}
		l := tipLine{
			ID:       t.ID,
			Priority: w.priorities[t.Priority],
			Category: w.category(s.cfg, t.Category),
			Area:     w.tipArea(s.cfg, t),
			Age:      w.age(now.Sub(since(t))),
			State:    w.states[t.State],
			Link:     s.tipLink(t.ID),
		}
		if n := s.cfg.Digest.ExcerptChars; n > 0 {
			l.Excerpt = excerpt(t.Description, n)
		}
		out = append(out, l)
	}
	return out
}

func (s *Scheduler) tipLink(id int64) string {
	return strings.TrimRight(s.cfg.Admin.BaseURL, "/") + fmt.Sprintf("/tips/%d", id)
}

// excerpt is the first n characters of a description on one line.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "…"
}

func createdAt(t queue.Tip) time.Time { return t.CreatedAt }

// overdueSince is when the deadline a tip missed fell due.
func overdueSince(t queue.Tip) time.Time {
	if t.State == queue.StateForwarded && t.FeedbackDue != nil {
		return *t.FeedbackDue
	}
	return t.TriageDue
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}
