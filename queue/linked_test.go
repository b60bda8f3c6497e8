package queue

import (
	"context"
	"fmt"
	"testing"
)

// A phone named in many tips links to the linkedPerEntity that arrived last,
// each once, and never to a tip of the other kind.
func TestLinkedCapsEachEntity(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	var ids []int64
	for i := range linkedPerEntity + 5 {
		sub := validSubmission()
		sub.Description = fmt.Sprintf("第%d次看到交易,电话 13812345678", i)
		id, _, err := b.store.Submit(ctx, b.db, sub)
		must(t, err)
		ids = append(ids, id)
	}
	help := validSubmission()
	help.Kind, help.Category, help.Description = KindHelp, "self_help", "我想戒毒,电话 13812345678"
	helpID, _, err := b.store.Submit(ctx, b.db, help)
	must(t, err)

	links, err := b.store.Linked(ctx, ids[0])
	must(t, err)
	if len(links) != linkedPerEntity {
		t.Fatalf("%d links, want %d", len(links), linkedPerEntity)
	}
	want := map[int64]bool{}
	for _, id := range ids[len(ids)-linkedPerEntity:] {
		want[id] = true
	}
	for _, l := range links {
		if !want[l.TipID] || l.TipID == helpID {
			t.Errorf("linked to %d, want only the last %d reports %v", l.TipID, linkedPerEntity, ids[len(ids)-linkedPerEntity:])
		}
		delete(want, l.TipID)
	}
	// The tip itself is never among its links, even when it is one of the last.
	links, err = b.store.Linked(ctx, ids[len(ids)-1])
	must(t, err)
	for _, l := range links {
		if l.TipID == ids[len(ids)-1] {
			t.Fatal("a tip linked to itself")
		}
	}
	if len(links) != linkedPerEntity {
		t.Fatalf("%d links of the last tip, want %d", len(links), linkedPerEntity)
	}
}

// Two reports naming one parcel, one bank card or one Alipay account, each
// written its own way, are linked through it.
func TestLinkedThroughParcelsAndPayments(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	first := validSubmission()
	first.Description = "他用顺丰寄货，单号sf1234567890123，钱打到卡号 6217 0001 2345 6788，也收支付宝 Ice_Shop2024"
	firstID, _, err := b.store.Submit(ctx, b.db, first)
	must(t, err)
	second := validSubmission()
	second.Description = "快递SF1234567890123又到了，转账6217000123456788，支付宝：ice_shop2024"
	secondID, _, err := b.store.Submit(ctx, b.db, second)
	must(t, err)

	links, err := b.store.Linked(ctx, secondID)
	must(t, err)
	got := map[EntityKind]string{}
	for _, l := range links {
		if l.TipID != firstID {
			t.Errorf("linked to %d, want %d", l.TipID, firstID)
		}
		got[l.Kind] = l.Value
	}
	want := map[EntityKind]string{EntityParcel: "SF1234567890123", EntityBankCard: "6217000123456788", EntityAlipay: "ice_shop2024"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("link through %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}
