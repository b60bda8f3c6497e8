package jobs

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/tipline/tipline/internal/csvsafe"
	"github.com/tipline/tipline/queue"
)

const periodLayout = "2006-01-02 15:04"

func (s *Scheduler) title(d Digest, w words) string {
	t := w.dailyTitle
	if d.Weekly {
		t = w.weeklyTitle
	}
	if d.Late {
		t += w.late
	}
	return t
}

func (s *Scheduler) comparison(d Digest, w words) string {
	f := w.sameDayLastWeek
	if d.Weekly {
		f = w.weekBefore
	}
	return fmt.Sprintf(f, d.NewBefore) + w.listSep + signed(d.Stats.New-d.NewBefore)
}

// renderText is the digest as a chat message.
func (s *Scheduler) renderText(d Digest, w words, now time.Time) string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("%s", s.title(d, w))
	line("%s – %s", d.PeriodStart.In(s.loc).Format(periodLayout), d.PeriodEnd.In(s.loc).Format(periodLayout))
	line("")
	line(w.newTips+w.aside, d.Stats.New, s.comparison(d, w))

	if rows := s.categoryRows(d.Stats.ByCategory, w); len(rows) > 0 {
		line("")
		line("%s", w.byCategory)
		for _, r := range rows {
			line("%s %s %d", r.Label, r.Bar, r.N)
		}
	}
	if rows := s.areaRows(d.Stats.ByArea, w); len(rows) > 0 {
		line("")
		line("%s", w.byArea)
		for _, r := range rows {
			line("%s %s %s", r.Label, r.Bar, r.Count)
		}
	}
	if rows := s.channelRows(d.Stats.ByChannel, w); len(rows) > 0 {
		line("")
		line("%s", w.byChannel)
		for _, r := range rows {
			line("%s %s %d", r.Label, r.Bar, r.N)
		}
	}

	line("")
	line("%s", w.urgent)
	urgent := s.tipLines(d.Urgent, w, now, createdAt)
	if len(urgent) == 0 {
		line("%s", w.none)
	}
	for _, t := range urgent {
		s.writeTip(&b, t)
	}
	if len(d.Urgent) > listLimit {
		line(w.more, len(d.Urgent)-listLimit)
	}

	line("")
	line("%s", w.backlog)
	var parts []string
	for _, st := range queue.States {
		if st == queue.StateClosed {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d", w.states[st], d.Stats.Backlog[st]))
	}
	line("%s", strings.Join(parts, " · "))

	line("")
	line(w.overdue, d.Stats.Overdue)
	for _, t := range s.tipLines(d.Overdue, w, now, overdueSince) {
		s.writeTip(&b, t)
	}
	if d.Stats.Overdue > listLimit {
		line(w.more, d.Stats.Overdue-listLimit)
	}
	line("")
	line(w.rewardsWaiting, d.Stats.RewardsWaiting)
	if r := d.Results; r != nil {
		line("")
		line("%s", w.results)
		line("%s", r.summary(w))
		line("%s", r.listed(s.cfg, w))
		line("%s", r.outreach(s.cfg, w))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (s *Scheduler) writeTip(b *strings.Builder, t tipLine) {
	fmt.Fprintf(b, "#%d %s · %s · %s · %s · %s %s\n", t.ID, t.Priority, t.Category, t.Area, t.Age, t.State, t.Link)
	if t.Excerpt != "" {
		fmt.Fprintf(b, "  %s\n", t.Excerpt)
	}
}

var digestHTML = template.Must(template.New("digest").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif">
<h1 style="font-size: 1.3em">{{.Title}}</h1>
<p>{{.Period}}</p>
<p><strong>{{.NewTips}}</strong>{{.Comparison}}</p>
{{with .Categories}}<h2 style="font-size: 1.1em">{{$.W.byCategory}}</h2>
<table>{{range .}}<tr><td>{{.Label}}</td><td style="font-family: monospace">{{.Bar}}</td><td>{{.N}}</td></tr>{{end}}</table>{{end}}
{{with .Areas}}<h2 style="font-size: 1.1em">{{$.W.byArea}}</h2>
<table>{{range .}}<tr><td>{{.Label}}</td><td style="font-family: monospace">{{.Bar}}</td><td>{{.Count}}</td></tr>{{end}}</table>{{end}}
{{with .Channels}}<h2 style="font-size: 1.1em">{{$.W.byChannel}}</h2>
<table>{{range .}}<tr><td>{{.Label}}</td><td style="font-family: monospace">{{.Bar}}</td><td>{{.N}}</td></tr>{{end}}</table>{{end}}
<h2 style="font-size: 1.1em">{{.W.urgent}}</h2>
{{template "tips" .Urgent}}
<h2 style="font-size: 1.1em">{{.W.backlog}}</h2>
<p>{{.Backlog}}</p>
<h2 style="font-size: 1.1em">{{.Overdue}}</h2>
{{template "tips" .OverdueTips}}
<p>{{.Rewards}}</p>
{{with .Results}}<h2 style="font-size: 1.1em">{{.Title}}</h2>
<p>{{.Summary}}</p>
<p>{{.Listed}}</p>
<p>{{.Outreach}}</p>{{end}}
</body></html>
{{define "tips"}}{{if .}}<ul>{{range .}}<li><a href="{{.Link}}">#{{.ID}}</a> {{.Priority}} · {{.Category}} · {{.Area}} · {{.Age}} · {{.State}}{{with .Excerpt}}<br><small>{{.}}</small>{{end}}</li>{{end}}</ul>{{else}}<p>–</p>{{end}}{{end}}`))

// renderHTML is the digest as the HTML part of its email.
func (s *Scheduler) renderHTML(d Digest, w words, now time.Time) (string, error) {
	var backlog []string
	for _, st := range queue.States {
		if st != queue.StateClosed {
			backlog = append(backlog, fmt.Sprintf("%s %d", w.states[st], d.Stats.Backlog[st]))
		}
	}
	lang := "zh-CN"
	if w.locale == "en" {
		lang = "en"
	}
	data := map[string]any{
		"Lang":        lang,
		"W":           map[string]string{"byCategory": w.byCategory, "byArea": w.byArea, "byChannel": w.byChannel, "urgent": w.urgent, "backlog": w.backlog},
		"Title":       s.title(d, w),
		"Period":      d.PeriodStart.In(s.loc).Format(periodLayout) + " – " + d.PeriodEnd.In(s.loc).Format(periodLayout),
		"NewTips":     fmt.Sprintf(w.newTips, d.Stats.New),
		"Comparison":  fmt.Sprintf(w.aside, s.comparison(d, w)),
		"Categories":  s.categoryRows(d.Stats.ByCategory, w),
		"Areas":       s.areaRows(d.Stats.ByArea, w),
		"Channels":    s.channelRows(d.Stats.ByChannel, w),
		"Urgent":      s.tipLines(d.Urgent, w, now, createdAt),
		"Backlog":     strings.Join(backlog, " · "),
		"Overdue":     fmt.Sprintf(w.overdue, d.Stats.Overdue),
		"OverdueTips": s.tipLines(d.Overdue, w, now, overdueSince),
		"Rewards":     fmt.Sprintf(w.rewardsWaiting, d.Stats.RewardsWaiting),
	}
	if r := d.Results; r != nil {
		data["Results"] = map[string]string{"Title": w.results, "Summary": r.summary(w), "Listed": r.listed(s.cfg, w), "Outreach": r.outreach(s.cfg, w)}
	}
	var b bytes.Buffer
	if err := digestHTML.Execute(&b, data); err != nil {
		return "", fmt.Errorf("jobs: unable to render the digest: %w", err)
	}
	return b.String(), nil
}

// tipsCSV lists the period's tips, one line each, with nothing about the
// reporter and no description unless excerpts are configured. A tip's area is
// written only when the period's count for that area (byArea, from the
// period's stats) reaches cfg.Digest.MinAreaCount, else "<N" as in the text:
// a line per tip would otherwise point at the one tip from a small town.
// Every cell is neutralised against spreadsheet formulas, since excerpts are
// the reporter's words.
func (s *Scheduler) tipsCSV(ctx context.Context, p period, byArea []queue.Count) ([]byte, error) {
	w := wordsFor(s.cfg.Digest.Locale)
	minN := s.cfg.Digest.MinAreaCount
	counts := make(map[string]int, len(byArea))
	for _, c := range byArea {
		counts[c.Key] = c.N
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csvsafe.NewWriter(&b)
	header := w.csvHeader
	excerpts := s.cfg.Digest.ExcerptChars > 0
	if excerpts {
		header = append(slices.Clone(header), w.excerpt)
	}
	_ = cw.Write(header)
	err := s.tips.EachReport(ctx, p.Start, p.End, func(t queue.Tip) error {
		if t.Kind == queue.KindHelp {
			return nil // never, but a question must not reach enforcement's CSV
		}
		res := ""
		if t.Resolution != nil {
			res = w.resolutions[*t.Resolution]
		}
		// A tip missing from the counts (arrived after they were taken) is
		// hidden too.
		area := fmt.Sprintf("<%d", minN)
		if counts[t.AreaCode] >= minN {
			area = w.tipArea(s.cfg, t)
		}
		rec := []string{
			fmt.Sprint(t.ID), t.CreatedAt.In(s.loc).Format(periodLayout), w.category(s.cfg, t.Category),
			area, w.occurred[t.Occurred], w.priorities[t.Priority], w.states[t.State], res,
			s.tipLink(t.ID),
		}
		if excerpts {
			rec = append(rec, excerpt(t.Description, s.cfg.Digest.ExcerptChars))
		}
		return cw.Write(rec)
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to list the period's tips: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("jobs: unable to write the CSV: %w", err)
	}
	return b.Bytes(), nil
}
