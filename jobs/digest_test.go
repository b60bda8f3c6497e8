package jobs

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

func TestDigestContent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	loc := b.cfg.Location
	// The period of the 08:00 digest on 2026-11-21: [20th 08:00, 21st 08:00).
	in := time.Date(2026, 11, 20, 9, 0, 0, 0, loc)
	for range 3 {
		b.submitAt(t, in, nil) // use, dongshan
	}
	b.submitAt(t, in, func(s *queue.Submission) { s.AreaCode = "hutian" })
	urgent := b.submitAt(t, in.Add(2*time.Hour), func(s *queue.Submission) {
		s.Category, s.AreaCode = "manufacturing", "shanzao"
		s.Description = "山枣镇一处废弃厂房夜里有刺鼻气味,疑似制毒窝点。"
	})
	b.submitAt(t, in, func(s *queue.Submission) {
		s.Kind, s.Category, s.AreaCode = queue.KindHelp, queue.SelfHelpCategory, "yueshan"
		s.Description = "我想戒毒,不知道去哪里求助。"
	})
	// Before the period and a week earlier, for the comparison.
	b.submitAt(t, in.Add(-2*time.Hour), nil)
	b.submitAt(t, in.AddDate(0, 0, -7), nil)

	s := b.scheduler(t)
	d, err := s.Preview(ctx, time.Date(2026, 11, 21, 9, 30, 0, 0, loc), false)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 20, 8, 0, 0, 0, loc); !d.PeriodStart.Equal(want) {
		t.Errorf("period starts %s, want %s", d.PeriodStart, want)
	}
	if d.Stats.New != 5 || d.NewBefore != 1 {
		t.Errorf("new %d (before %d), want 5 (before 1)", d.Stats.New, d.NewBefore)
	}
	zh, en := d.TextZh, d.TextEn
	for _, want := range []string{
		"湘乡市禁毒举报日报", "新线索 5 件", "上周同日 1 件，+4",
		"吸食毒品 ██████████ 4", "制造毒品 ██▌ 1", // bars against the longest
		"东山街道 ██████████ 3",
		"壶天镇  <3", "山枣镇  <3", // small areas: no bar, no number
		"#" + itoa(urgent) + " 紧急 · 制造毒品 · 山枣镇",
		"https://tips.example.cn/tips/" + itoa(urgent),
	} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese digest lacks %q:\n%s", want, zh)
		}
	}
	for _, want := range []string{"5 new tips", "same day last week 1, +4", "Dongshan Subdistrict ██████████ 3", "Hutian Town  <3"} {
		if !strings.Contains(en, want) {
			t.Errorf("English digest lacks %q:\n%s", want, en)
		}
	}
	for _, leak := range []string{"月山", "Yueshan", "戒毒", "自助", "废弃厂房", "聚众"} {
		if strings.Contains(zh, leak) || strings.Contains(en, leak) || strings.Contains(d.HTML, leak) || strings.Contains(string(d.CSV), leak) {
			t.Errorf("digest shows %q (a help question or a description)", leak)
		}
	}
	if !strings.HasPrefix(string(d.CSV), "\uFEFF编号,") || strings.Count(string(d.CSV), "\n") != 6 {
		t.Errorf("CSV is not a BOM, a header and five tips:\n%s", d.CSV)
	}

	// Excerpts only when configured.
	b.cfg.Digest.ExcerptChars = 6
	d, err = b.scheduler(t).Preview(ctx, time.Date(2026, 11, 21, 9, 30, 0, 0, loc), false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.TextZh, "山枣镇一处废…") {
		t.Errorf("digest with excerpts lacks the urgent tip's first six characters:\n%s", d.TextZh)
	}
}

// An empty day is still reported: silence would look like a failure.
func TestDigestEmptyDayIsSent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.scheduler(t)
	s.catchUp(context.Background())
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'digest:digest_daily:%'`); n != 2 {
		t.Fatalf("%d daily digest messages, want one per chat (2)", n)
	}
	var text string
	if err := b.db.Get(&text, `SELECT payload->>'text' FROM outbox WHERE chat_id = $1 AND dedupe_key LIKE 'digest:digest_daily:%'`, digestChatA); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "新线索 0 件") || !strings.Contains(text, "（补发）") {
		t.Errorf("caught-up empty digest reads:\n%s", text)
	}
}

// The emailed CSV keeps the "<3" rule of the text (a line per tip would
// otherwise name the one tip from a small town) and no cell of it runs as a
// spreadsheet formula, whoever wrote it.
func TestDigestCSVHidesSmallAreasAndFormulas(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Digest.ExcerptChars = 40
	loc := b.cfg.Location
	in := time.Date(2026, 11, 20, 9, 0, 0, 0, loc)
	var dongshan []int64
	for _, desc := range []string{"=HYPERLINK(\"http://x.example/\",\"点击\")", "+86 有人在东山卖毒品", "-1+1 东山街道某出租屋"} {
		dongshan = append(dongshan, b.submitAt(t, in, func(s *queue.Submission) { s.Description = desc }))
	}
	hutian := b.submitAt(t, in, func(s *queue.Submission) {
		s.AreaCode, s.Description = "hutian", "@SUM(A1) 壶天镇菜市场后面"
	})
	typed := b.submitAt(t, in, func(s *queue.Submission) {
		s.AreaCode, s.AreaText = "", "=1+1 某村"
	})

	d, err := b.scheduler(t).Preview(context.Background(), time.Date(2026, 11, 21, 9, 30, 0, 0, loc), false)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(d.CSV), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || len(recs[0]) != 10 {
		t.Fatalf("CSV is not a header and five tips of ten columns:\n%s", d.CSV)
	}
	byID := map[string][]string{}
	for _, r := range recs[1:] {
		byID[r[0]] = r
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q of tip %s would run as a formula", cell, r[0])
			}
		}
	}
	const area, exc = 3, 9
	for _, id := range dongshan {
		if got := byID[itoa(id)][area]; got != "东山街道" {
			t.Errorf("tip %d of an area with 3 tips: area %q, want 东山街道", id, got)
		}
	}
	for _, id := range []int64{hutian, typed} {
		if got := byID[itoa(id)][area]; got != "<3" {
			t.Errorf("tip %d of an area with 1 tip: area %q, want <3", id, got)
		}
	}
	for id, want := range map[int64]string{
		dongshan[0]: "'=HYPERLINK(", dongshan[1]: "'+86 ", dongshan[2]: "'-1+1 ", hutian: "'@SUM(A1) ",
	} {
		if got := byID[itoa(id)][exc]; !strings.HasPrefix(got, want) {
			t.Errorf("tip %d: excerpt %q, want it to start with %q", id, got, want)
		}
	}
	if strings.Contains(string(d.CSV), "某村") || strings.Contains(string(d.CSV), "壶天镇,") {
		t.Errorf("CSV names a small area:\n%s", d.CSV)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
