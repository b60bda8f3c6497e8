package admin

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDigests stands in for the scheduler; the real one is wired in cmd/tipline.
type fakeDigests struct {
	runs     []DigestRun
	previews atomic.Int64
	weekly   atomic.Bool
}

func (f *fakeDigests) History(_ context.Context, limit int) ([]DigestRun, error) {
	if limit <= 0 {
		return nil, errors.New("no limit")
	}
	return f.runs, nil
}

func (f *fakeDigests) Preview(_ context.Context, at time.Time, weekly bool) (DigestPreview, error) {
	f.previews.Add(1)
	f.weekly.Store(weekly)
	return DigestPreview{Job: "digest_daily", PeriodStart: at.Add(-24 * time.Hour), PeriodEnd: at,
		TextZh: "预览:新线索 3 条\n<b>不是标签</b>", TextEn: "Preview: 3 new tips\n<b>not a tag</b>"}, nil
}

// TestDigestsPage shows stored digests with their deliveries and their text in
// the officer's language, builds previews on request, and says so when the
// replica has no scheduler.
func TestDigestsPage(t *testing.T) {
	t.Parallel()
	errText := "telegram: chat not found"
	sent := time.Date(2026, 3, 2, 0, 1, 0, 0, time.UTC)
	src := &fakeDigests{runs: []DigestRun{{
		ID: 7, Job: "digest_daily", PeriodStart: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Late: true, CreatedAt: sent, TextZh: "日报 3月1日\n新线索 5 条", TextEn: "Daily digest 1 March\n5 new tips",
		Deliveries: []DigestDelivery{
			{Channel: "telegram", Target: "-100123", State: "sent", Attempts: 1, SentAt: &sent},
			{Channel: "email", Target: "chief@example.org", State: "failed", Attempts: 5, LastError: errText},
		},
	}}}
	b := setupWith(t, func(d *Deps) { d.Digests = src })
	b.addOfficers("supervisor")
	c := b.login("supervisor")

	res, body := b.get(c, "/digests")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("digests: %d", res.StatusCode)
	}
	for _, want := range []string{"日报", "补发", "-100123", "chief@example.org", "发送失败", errText, "日报 3月1日\n新线索 5 条", `href="/digests"`} {
		if !strings.Contains(body, want) {
			t.Errorf("digests page lacks %q", want)
		}
	}
	if strings.Contains(body, "5 new tips") {
		t.Error("the Chinese page shows the English text")
	}
	if src.previews.Load() != 0 {
		t.Error("listing digests built a preview")
	}

	res, body = b.get(c, "/digests/preview?period=weekly")
	if res.StatusCode != http.StatusOK || src.previews.Load() != 1 || !src.weekly.Load() {
		t.Fatalf("weekly preview: %d, %d previews, weekly %v", res.StatusCode, src.previews.Load(), src.weekly.Load())
	}
	if !strings.Contains(body, "预览周报") || !strings.Contains(body, "预览:新线索 3 条\n&lt;b&gt;不是标签&lt;/b&gt;") {
		t.Errorf("weekly preview page does not show the escaped text")
	}

	// In English the English text shows.
	if err := b.officers.SetLocale(t.Context(), b.ids["supervisor"], "en"); err != nil {
		t.Fatal(err)
	}
	_, body = b.get(c, "/digests/preview?period=daily")
	if src.weekly.Load() || !strings.Contains(body, "Daily digest 1 March\n5 new tips") || !strings.Contains(body, "Preview: 3 new tips") ||
		!strings.Contains(body, "Preview the daily digest") || strings.Contains(body, "新线索") {
		t.Errorf("English daily preview page is wrong")
	}

	// A replica without the scheduler says so.
	plain := setup(t)
	plain.addOfficers("admin")
	res, body = plain.get(plain.login("admin"), "/digests")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, translate("zh-CN", "digests.unavailable")) {
		t.Fatalf("digests without a scheduler: %d", res.StatusCode)
	}
}
