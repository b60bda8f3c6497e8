package jobs

import (
	"context"
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
		"湘乡市禁毒举报日报", "新线索 5 件", "上周同日 1 件, +4",
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
	if !strings.Contains(text, "新线索 0 件") || !strings.Contains(text, "(补发)") {
		t.Errorf("caught-up empty digest reads:\n%s", text)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
