package intake

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStepsOfEachChannel(t *testing.T) {
	t.Parallel()
	tg, web := Steps(Telegram), Steps(Web)
	if !slices.Contains(tg, StepContact) || slices.Contains(web, StepContact) {
		t.Fatalf("contact step: telegram %v, web %v", tg, web)
	}
	if Next(Web, StepEvidence) != StepReview || Next(Telegram, StepEvidence) != StepContact {
		t.Fatalf("after evidence: web %s, telegram %s", Next(Web, StepEvidence), Next(Telegram, StepEvidence))
	}
	if Prev(Telegram, StepCategory) != StepCategory || Prev(Web, StepReview) != StepEvidence {
		t.Fatal("Prev walks off the steps")
	}
	if !Channel("wechat").Valid() || Channel("WeChat; DROP").Valid() || Channel("").Valid() {
		t.Fatal("channel names: a new one must be storable, junk must not")
	}
}

// Check names the first step to go back to, in the channel's order.
func TestCheckNamesTheStep(t *testing.T) {
	b := setup(t)
	r := &Report{}
	steps := []struct {
		want Step
		fill func()
	}{
		{StepCategory, func() { r.Category = "selling" }},
		{StepArea, func() { r.AreaCode = AreaUnknown }},
		{StepOccurred, func() { r.Occurred = "now" }},
		{StepDescription, func() { r.AddText(0, "有人卖冰毒", 4000) }},
		{StepDescription, func() { r.AddText(0, "每天晚上九点在东山菜市场后门，骑黑色摩托车。", 4000) }},
		{StepContact, func() { r.Contact = ContactChat }},
	}
	for i, st := range steps {
		var inc *IncompleteError
		if err := b.core.Check(Telegram, r); !errors.As(err, &inc) || inc.Step != st.want {
			t.Fatalf("step %d: %v, want %s", i, err, st.want)
		}
		if i == 4 && !inc.Short {
			t.Fatal("a description under the minimum is not said to be short")
		}
		st.fill()
	}
	if err := b.core.Check(Telegram, r); err != nil {
		t.Fatalf("complete report: %v", err)
	}
	// The web asks no contact; an unknown category or area is no answer.
	r.Contact = ""
	if err := b.core.Check(Web, r); err != nil {
		t.Fatalf("web report without contact: %v", err)
	}
	r.AreaCode = "atlantis"
	if err := b.core.Check(Web, r); !errors.Is(err, ErrIncomplete) {
		t.Fatalf("unknown area accepted: %v", err)
	}
}

// The limit is in characters: Chinese, three bytes a character in UTF-8, is
// not cut at a third of it.
func TestDescriptionLimitIsInCharacters(t *testing.T) {
	t.Parallel()
	const limit = 4000
	r := &Report{}
	long := strings.Repeat("冰", 3000) // 9,000 bytes, over the limit in bytes
	if !r.AddText(1, long, limit) || r.DescriptionLen() != 3000 {
		t.Fatalf("3,000 Chinese characters: kept %d", r.DescriptionLen())
	}
	if r.AddText(2, strings.Repeat("毒", 2000), limit) {
		t.Fatal("text over the limit said to be kept whole")
	}
	if n := r.DescriptionLen(); n != limit {
		t.Fatalf("description of %d characters, want %d", n, limit)
	}
	if !utf8.ValidString(r.Description()) {
		t.Fatal("cut in the middle of a character")
	}
	if r.AddText(3, "more", limit) {
		t.Fatal("text added past a full description")
	}
	// An edit is held to the limit too.
	if !r.ReplaceText(2, strings.Repeat("贩", 5000), limit) || r.DescriptionLen() != limit {
		t.Fatalf("edited description of %d characters", r.DescriptionLen())
	}
}

func TestAreaUnknownIsNamedPerReader(t *testing.T) {
	b := setup(t)
	zh, en := AreaName(b.cfg, AreaUnknown, "", LocaleZh), AreaName(b.cfg, AreaUnknown, "", LocaleEn)
	if zh == en || zh == AreaUnknown || en == AreaUnknown {
		t.Fatalf("not sure: %q / %q", zh, en)
	}
	if AreaName(b.cfg, "dongshan", "", LocaleEn) != "Dongshan Subdistrict" || AreaName(b.cfg, "", "菜市场", LocaleEn) != "菜市场" {
		t.Fatal("configured areas and typed places")
	}
}
