package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/textsplit"
	"github.com/tipline/tipline/queue"
)

// A digest past Telegram's 4,096 characters reaches each office chat as
// numbered parts in order, every line whole, nothing cut off.
func TestLongDigestIsSplitNeverCut(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Digest.ExcerptChars = 300
	b.cfg.Digest.TelegramChats = []int64{digestChatA}
	in := time.Date(2026, 11, 19, 9, 0, 0, 0, b.cfg.Location)
	for i := range 25 {
		b.submitAt(t, in.Add(time.Duration(i)*time.Minute), func(s *queue.Submission) {
			s.Category, s.AreaCode = "manufacturing", "shanzao"
			s.Description = "山枣镇一处废弃厂房夜里有刺鼻气味，疑似制毒窝点，" + strings.Repeat("附近村民反映有陌生车辆深夜进出。", 20)
		})
	}
	s := b.scheduler(t)
	s.catchUp(context.Background())

	var parts []string
	if err := b.db.Select(&parts, `SELECT payload->>'text' FROM outbox
		WHERE chat_id = $1 AND dedupe_key LIKE 'digest:digest_daily:%' ORDER BY id`, digestChatA); err != nil {
		t.Fatal(err)
	}
	var whole string
	if err := b.db.Get(&whole, `SELECT text_zh FROM digests WHERE job = 'digest_daily' ORDER BY period_start DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if textsplit.UTF16(whole) <= textsplit.TelegramMax {
		t.Fatalf("the digest is %d long: not long enough to test", textsplit.UTF16(whole))
	}
	if len(parts) < 2 {
		t.Fatalf("%d messages for a digest of %d characters", len(parts), textsplit.UTF16(whole))
	}
	var joined []string
	for i, p := range parts {
		if n := textsplit.UTF16(p); n > textsplit.TelegramMax {
			t.Errorf("part %d is %d characters", i+1, n)
		}
		mark := wordsZh.part(i+1, len(parts))
		if !strings.HasSuffix(p, mark) {
			t.Errorf("part %d does not end with %q", i+1, mark)
		}
		joined = append(joined, strings.TrimSuffix(p, mark))
	}
	if strings.Join(joined, "\n") != strings.TrimRight(whole, "\n") {
		t.Error("the parts in order are not the digest")
	}
}
