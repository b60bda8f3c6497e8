package jobs

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The weekly digest ends with the week's results — actioned reports and the
// cases and people of outcomes solved in it, as SQL counts them — and the
// towns listed for clean-up; the daily digest has none of it.
func TestWeeklyDigestResults(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	loc := b.cfg.Location
	in := time.Date(2026, 11, 18, 10, 0, 0, 0, loc) // within the week before Monday 2026-11-23
	var ids []int64
	for range 3 {
		ids = append(ids, b.submitAt(t, in, nil))
	}
	for _, id := range ids[:2] {
		b.db.MustExec(`UPDATE tips SET state = 'closed', resolution = 'actioned', closed_at = $2 WHERE id = $1`, id, in.Add(time.Hour))
	}
	b.db.MustExec(`INSERT INTO tip_outcomes (tip_id, case_kind, detained, users_found, solved_on, recorded_at, updated_at)
		VALUES ($1, 'criminal', 3, 1, '2026-11-19', now(), now()), ($2, 'administrative', 0, 2, '2026-11-20', now(), now())`, ids[0], ids[1])
	b.db.MustExec(`INSERT INTO town_listings (area_code, listed_on, created_at) VALUES ('meiqiao', '2026-11-01', now()), ('baitian', '2026-10-01', now())`)
	b.db.MustExec(`UPDATE town_listings SET delisted_on = '2026-11-10' WHERE area_code = 'baitian'`)

	s := b.scheduler(t)
	weekly, err := s.Preview(ctx, time.Date(2026, 11, 23, 9, 0, 0, 0, loc), true)
	if err != nil {
		t.Fatal(err)
	}
	var actioned, criminal, admin, detained, users int
	if err := b.db.QueryRow(`SELECT
		(SELECT count(*) FROM tips WHERE resolution = 'actioned' AND closed_at >= $1 AND closed_at < $2),
		(SELECT count(*) FROM tip_outcomes WHERE case_kind = 'criminal' AND solved_on >= $1::date AND solved_on < $2::date),
		(SELECT count(*) FROM tip_outcomes WHERE case_kind = 'administrative' AND solved_on >= $1::date AND solved_on < $2::date),
		(SELECT sum(detained) FROM tip_outcomes WHERE solved_on >= $1::date AND solved_on < $2::date),
		(SELECT sum(users_found) FROM tip_outcomes WHERE solved_on >= $1::date AND solved_on < $2::date)`,
		weekly.PeriodStart, weekly.PeriodEnd).Scan(&actioned, &criminal, &admin, &detained, &users); err != nil {
		t.Fatal(err)
	}
	want := "已查处 2 条 · 刑事案件 1 起 · 行政案件 1 起 · 抓获 3 人 · 查获吸毒人员 3 人"
	if actioned != 2 || criminal != 1 || admin != 1 || detained != 3 || users != 3 {
		t.Fatalf("the SQL counts %d %d %d %d %d do not match the seeded week", actioned, criminal, admin, detained, users)
	}
	for _, w := range []string{"本周成效", want, "挂牌整治：梅桥镇"} {
		if !strings.Contains(weekly.TextZh, w) {
			t.Errorf("weekly digest lacks %q:\n%s", w, weekly.TextZh)
		}
	}
	if strings.Contains(weekly.TextZh, "白田镇") {
		t.Error("a de-listed town is still named")
	}
	if !strings.Contains(weekly.TextEn, "Listed for clean-up: Meiqiao Town") || !strings.Contains(weekly.HTML, want) {
		t.Error("the English text or the e-mail lacks the results")
	}
	daily, err := s.Preview(ctx, time.Date(2026, 11, 19, 9, 0, 0, 0, loc), false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(daily.TextZh, "本周成效") {
		t.Error("the daily digest has the weekly results")
	}
}
