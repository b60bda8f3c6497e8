package admin

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// The timeline says what each event changed: the priorities of a priority
// change (not "in review → in review"), the resolution of a closing, and the
// state a released tip is left in, with no holder.
func TestTimelineSaysWhatChanged(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	ctx := t.Context()
	id := b.submit(queue.KindReport, "东山街道网吧门口有人卖零包。")
	tip, err := b.queue.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	by := queue.Actor{ID: b.ids["officer"], Username: "officer", Role: queue.RoleOfficer}
	steps := []func() error{
		func() error { _, err := b.queue.Claim(ctx, by, id, 0); return err },
		func() error { _, err := b.queue.SetPriority(ctx, by, id, queue.PriorityUrgent, 0); return err },
		func() error { _, err := b.queue.Release(ctx, by, id, 0); return err },
		func() error { _, err := b.queue.Claim(ctx, by, id, 0); return err },
		func() error { _, err := b.queue.Close(ctx, by, id, queue.Unfounded, 0, 0); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	_, page := b.get(b.login("officer"), "/tips/"+strconv.FormatInt(id, 10))
	for _, want := range []string{
		"调整优先级 <span class=\"detail\">（" + translate("zh-CN", "priority."+tip.Priority.String()) + " → 紧急）</span>",
		"放回队列 <span class=\"detail\">（仍为研判中，无人负责，等待领取）</span>",
		"<span class=\"detail\">（结论：查无实据）</span>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	if strings.Contains(page, "研判中 → 研判中") {
		t.Error("the timeline shows a change of state that did not happen")
	}
}
