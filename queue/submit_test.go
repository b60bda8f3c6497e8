package queue

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSubmitValidation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	lat := 95.0
	cases := map[string]struct {
		edit  func(*Submission)
		field string
	}{
		"unknown category": {func(s *Submission) { s.Category = "gambling" }, "category"},
		"unknown area":     {func(s *Submission) { s.AreaCode = "beijing" }, "area"},
		"long area text":   {func(s *Submission) { s.AreaCode, s.AreaText = "", strings.Repeat("镇", 201) }, "area_text"},
		"empty":            {func(s *Submission) { s.Description = "  " }, "description"},
		"too long":         {func(s *Submission) { s.Description = strings.Repeat("毒", 20001) }, "description"},
		"occurred":         {func(s *Submission) { s.Occurred = "yesterday" }, "occurred"},
		"latitude alone":   {func(s *Submission) { s.Latitude = &lat }, "location"},
		"out of range":     {func(s *Submission) { s.Latitude, s.Longitude = &lat, &lat }, "location"},
		"chat unsealed":    {func(s *Submission) { s.ContactMode = ContactChat }, "contact"},
		"locale":           {func(s *Submission) { s.Locale = "fr" }, "locale"},
		"help category":    {func(s *Submission) { s.Kind = KindHelp }, "category"},
		"attachment kind":  {func(s *Submission) { s.Attachments = []NewAttachment{{Kind: "exe", MIME: "x", CleanStatus: "clean"}} }, "attachments[0]"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			sub := validSubmission()
			c.edit(&sub)
			_, _, err := b.store.Submit(ctx, b.db, sub)
			var inv *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &inv) || inv.Field != c.field {
				t.Fatalf("got %v, want invalid %s", err, c.field)
			}
		})
	}
	var n int
	must(t, b.db.QueryRow(`SELECT count(*) FROM tips`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d tips written by refused submissions", n)
	}
}

func TestSubmitPriorityDeadlineAndReceipt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	st := b.store.WithClock(func() time.Time { return now })
	ctx := context.Background()
	sub := validSubmission()
	sub.Category, sub.Occurred = "use", OccurredNow // 3, raised to 2
	sub.Description = "梅桥镇有人吸冰毒,电话 138-1234-5678"
	sub.Attachments = []NewAttachment{{Kind: "image", FileName: "a.jpg", MIME: "image/jpeg", Size: 3, CleanStatus: "cleaned",
		Removed: []string{"gps"}, Data: []byte{1, 2, 3}}}
	id, r, err := st.Submit(ctx, b.db, sub)
	must(t, err)
	tip, err := st.Get(ctx, id)
	must(t, err)
	if tip.Priority != PriorityHigh || tip.SuggestedPriority != PriorityHigh {
		t.Fatalf("priority %d suggested %d, want high", tip.Priority, tip.SuggestedPriority)
	}
	if !tip.TriageDue.Equal(now.Add(12 * time.Hour)) {
		t.Fatalf("triage due %v", tip.TriageDue)
	}
	// A second open tip naming the same phone is corroborated: one more step.
	sub2 := validSubmission()
	sub2.Category, sub2.Description = "use", "又看到他们在交易,13812345678"
	id2, _, err := st.Submit(ctx, b.db, sub2)
	must(t, err)
	tip2, _ := st.Get(ctx, id2)
	if tip2.SuggestedPriority != PriorityHigh {
		t.Fatalf("corroborated tip priority %d, want high", tip2.SuggestedPriority)
	}
	links, err := st.Linked(ctx, id2)
	must(t, err)
	if len(links) != 1 || links[0].TipID != id || links[0].Kind != EntityPhone || links[0].Value != "13812345678" {
		t.Fatalf("links %+v", links)
	}
	v, err := st.LookupReceipt(ctx, b.db, r)
	must(t, err)
	if v.TipID != id || v.State != StateNew {
		t.Fatalf("receipt view %+v", v)
	}
	if _, err := st.LookupReceipt(ctx, b.db, Receipt("0000-0000-0000-0000")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("wrong receipt: %v", err)
	}
	// A tip submitted before receipts had a bucket is stored under the plain
	// hash, and still found.
	_, err = b.db.ExecContext(ctx, `UPDATE tips SET receipt_hash = $2 WHERE id = $1`, id, r.Hash(st.receiptKey))
	must(t, err)
	if v, err := st.LookupReceipt(ctx, b.db, r); err != nil || v.TipID != id {
		t.Fatalf("receipt stored the old way: %+v, %v", v, err)
	}
	atts, err := st.Attachments(ctx, id)
	must(t, err)
	if len(atts) != 1 || atts[0].Removed[0] != "gps" {
		t.Fatalf("attachments %+v", atts)
	}
	_, data, err := st.AttachmentData(ctx, id, atts[0].ID)
	must(t, err)
	if string(data) != "\x01\x02\x03" {
		t.Fatalf("data %v", data)
	}
}

func TestBlockedReporterRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	sub := validSubmission()
	id, _, err := b.store.Submit(ctx, b.db, sub)
	must(t, err)
	must(t, b.store.Block(ctx, b.super, id, "flood"))
	var blocked bool
	must(t, b.db.Get(&blocked, `SELECT `+BlockedRef, sub.ReporterRef.Bytes()))
	if !blocked {
		t.Fatal("not blocked")
	}
	if _, _, err := b.store.Submit(ctx, b.db, sub); !errors.Is(err, ErrBlocked) {
		t.Fatalf("blocked submit: %v", err)
	}
	must(t, b.store.Unblock(ctx, b.super, id))
	if _, _, err := b.store.Submit(ctx, b.db, sub); err != nil {
		t.Fatalf("after unblock: %v", err)
	}
}

func outboxKinds(t *testing.T, b *bundle) []string {
	var kinds []string
	must(t, b.db.Select(&kinds, `SELECT kind FROM outbox ORDER BY id`))
	return kinds
}

// A question reaches a reporter who consented; the others see it at a
// receipt check, and answering puts the tip back into review.
func TestAskReporter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	chat := b.submit(t, func(s *Submission) { s.ContactMode, s.ContactSealed = ContactChat, []byte("sealed-chat") })
	sub := validSubmission()
	code, r, err := b.store.Submit(ctx, b.db, sub)
	must(t, err)
	for _, id := range []int64{chat, code} {
		_, err := b.store.Claim(ctx, b.officer, id, 0)
		must(t, err)
		d, err := b.store.AskReporter(ctx, b.officer, id, "是哪家网吧?", 0)
		must(t, err)
		if d.Direction != ToReporter || d.OfficerName != b.officer.Username {
			t.Fatalf("dialogue %+v", d)
		}
	}
	payload := b.outboxPayload(t, "dialogue_question")
	if kinds := outboxKinds(t, b); len(kinds) != 1 || !strings.Contains(payload, `"locale":"zh-CN"`) {
		t.Fatalf("outbox %v %s", kinds, payload)
	}
	v, err := b.store.LookupReceipt(ctx, b.db, r)
	must(t, err)
	if v.State != StateNeedsInfo || len(v.Questions) != 1 {
		t.Fatalf("view %+v", v)
	}
	if _, err := b.store.AnswerQuestion(ctx, b.db, code, v.Questions[0].ID, "网吧叫星空,车牌湘C·A1234", nil); err != nil {
		t.Fatal(err)
	}
	tip, _ := b.store.Get(ctx, code)
	if tip.State != StateInReview {
		t.Fatalf("answered tip in %s", tip.State)
	}
	ents, _ := b.store.Entities(ctx, code)
	if len(ents) != 1 || ents[0].Value != "湘CA1234" {
		t.Fatalf("entities after answer %+v", ents)
	}
	p, err := b.store.List(ctx, Filter{Query: "星空"})
	must(t, err)
	if len(p.Tips) != 1 || p.Tips[0].ID != code {
		t.Fatalf("answer not searchable: %+v", p.Tips)
	}
	v, _ = b.store.LookupReceipt(ctx, b.db, r)
	if len(v.Questions) != 0 {
		t.Fatal("answered question still asked")
	}
}

func TestCloseErasesContact(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.submit(t, func(s *Submission) { s.ContactMode, s.ContactSealed = ContactChat, []byte("sealed-chat") })
	tip, err := b.store.Claim(ctx, b.officer, id, 0)
	must(t, err)
	if !tip.Reachable {
		t.Fatal("chat tip not reachable")
	}
	tip, err = b.store.Close(ctx, b.officer, id, Actioned, 0, tip.Version)
	must(t, err)
	var sealed []byte
	must(t, b.db.QueryRow(`SELECT contact_sealed FROM tips WHERE id = $1`, id).Scan(&sealed))
	if sealed != nil || tip.Reachable {
		t.Fatal("sealed contact kept after close")
	}
	var chatSealed []byte
	must(t, b.db.QueryRow(`SELECT chat_sealed FROM outbox WHERE kind = 'tip_closed'`).Scan(&chatSealed))
	if string(chatSealed) != "sealed-chat" {
		t.Fatal("closing notice not addressed to the reporter")
	}
	// The reward notice later goes nowhere (contact erased) but shows at the receipt check.
	tip = b.rewardTo(t, b.store, id, RewardEligible, RewardApproved, RewardNotified)
	if tip.RewardState != "notified" || tip.RewardClaimDue == nil {
		t.Fatalf("reward %+v", tip)
	}
	if _, err := b.store.Reward(ctx, b.leader, id, RewardApproved, 1, 0); !errors.Is(err, ErrIllegalTransition) {
		t.Fatalf("approve after notify: %v", err)
	}
	if k := outboxKinds(t, b); len(k) != 1 || k[0] != "tip_closed" {
		t.Fatalf("outbox %v", k)
	}
}

// An unreachable reporter gets nothing through the outbox.
func TestMarkContactUnreachable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.submit(t, func(s *Submission) { s.ContactMode, s.ContactSealed = ContactChat, []byte("sealed") })
	must(t, b.store.MarkContactUnreachable(ctx, b.db, id))
	_, err := b.store.Claim(ctx, b.officer, id, 0)
	must(t, err)
	_, err = b.store.AskReporter(ctx, b.officer, id, "还在吗?", 0)
	must(t, err)
	if k := outboxKinds(t, b); len(k) != 0 {
		t.Fatalf("outbox %v", k)
	}
}
