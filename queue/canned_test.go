package queue

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestCannedQuestions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	where, err := b.store.CreateCannedQuestion(ctx, " 请问具体地点在哪里？ ", "Where exactly is it?")
	must(t, err)
	when, err := b.store.CreateCannedQuestion(ctx, "一般在什么时间？", "At what time, usually?")
	must(t, err)
	if where.TextZh != "请问具体地点在哪里？" {
		t.Errorf("text not trimmed: %q", where.TextZh)
	}
	for _, bad := range [][2]string{{"", "Where?"}, {"哪里？", "  "}, {strings.Repeat("问", MaxCannedQuestion+1), "Where?"}} {
		var inv *InvalidError
		if _, err := b.store.CreateCannedQuestion(ctx, bad[0], bad[1]); !errors.As(err, &inv) {
			t.Errorf("CreateCannedQuestion(%.20q, %q) = %v, want a refusal naming the field", bad[0], bad[1], err)
		}
	}
	must(t, b.store.EditCannedQuestion(ctx, when.ID, "通常几点出现？", "When does it usually happen?"))
	must(t, b.store.ArchiveCannedQuestion(ctx, where.ID, true))
	if err := b.store.EditCannedQuestion(ctx, 999999, "哪里？", "Where?"); !errors.Is(err, ErrNotFound) {
		t.Errorf("editing a missing question: %v", err)
	}

	offered, err := b.store.CannedQuestions(ctx, false)
	must(t, err)
	if len(offered) != 1 || offered[0].ID != when.ID || offered[0].Text("en") != "When does it usually happen?" || offered[0].Text("zh-CN") != "通常几点出现？" {
		t.Errorf("offered %+v, want only the edited question", offered)
	}
	all, err := b.store.CannedQuestions(ctx, true)
	must(t, err)
	if len(all) != 2 || !all[1].Archived {
		t.Errorf("list with archived %+v", all)
	}
}
