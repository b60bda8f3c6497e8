package admin

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestRepliedBadgeUntilTheHolderLooks: a tip whose reporter answered is
// marked "已回复" in the queue and pinned first in its holder's own list,
// until the holder opens it.
func TestRepliedBadgeUntilTheHolderLooks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	ctx := t.Context()
	for range 3 {
		id := b.submit(queue.KindReport, "东山街道有人卖零包")
		b.post(c, "/tips/"+strconv.FormatInt(id, 10)+"/claim", url.Values{"version": {"1"}})
	}
	// The newest: last in the oldest-first order unless pinned.
	answered := b.submit(queue.KindReport, "梅桥镇网吧有人吸毒")
	path := "/tips/" + strconv.FormatInt(answered, 10)
	b.post(c, path+"/claim", url.Values{"version": {"1"}})
	tip, err := b.queue.Get(ctx, answered)
	if err != nil {
		t.Fatal(err)
	}
	b.post(c, path+"/ask", url.Values{"version": {strconv.Itoa(tip.Version)}, "body": {"具体在哪个网吧？"}})
	_, _, dialogue, err := b.queue.Timeline(ctx, answered)
	if err != nil {
		t.Fatal(err)
	}
	if len(dialogue) != 1 {
		t.Fatalf("%d dialogue rows, want the question", len(dialogue))
	}
	if _, err := b.queue.AnswerQuestion(ctx, b.db, answered, dialogue[0].ID, "东风路的星空网吧", nil); err != nil {
		t.Fatal(err)
	}

	badge := `<span class="badge replied"`
	_, body := b.get(c, "/queue?mine=1&sort=oldest")
	rows := strings.Split(body, "<tr class=")[1:]
	if len(rows) != 4 {
		t.Fatalf("%d rows in the officer's list, want 4", len(rows))
	}
	if !strings.Contains(rows[0], `href="/tips/`+strconv.FormatInt(answered, 10)+`"`) || !strings.Contains(rows[0], badge) {
		t.Errorf("the answered tip is not first with its badge:\n%s", rows[0])
	}
	if strings.Count(body, badge) != 1 {
		t.Errorf("%d badges, want 1", strings.Count(body, badge))
	}
	_, body = b.get(c, "/queue?replied=1")
	if strings.Count(body, "<tr class=") != 1 || !strings.Contains(body, "已回复") {
		t.Errorf("the replied filter does not list just the answered tip")
	}

	b.get(c, path)
	_, body = b.get(c, "/queue?mine=1&sort=oldest")
	if strings.Contains(body, badge) {
		t.Error("the badge stays after the holder opened the tip")
	}
	if rows := strings.Split(body, "<tr class=")[1:]; !strings.Contains(rows[len(rows)-1], `href="/tips/`+strconv.FormatInt(answered, 10)+`"`) {
		t.Error("once seen, the tip does not go back to its place in the list")
	}
}
