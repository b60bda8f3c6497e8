package webreport

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"
)

// A client's counters key changes with the day and says nothing of the
// address; a day's key is shared through the table and gone after its day.
func TestClientKeyOfTheDay(t *testing.T) {
	b := setup(t)
	ctx := t.Context()
	r := httptest.NewRequest("GET", "/r/", nil)
	r.RemoteAddr = "203.0.113.9:5000"
	day := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	k1, err := b.h.clients.forRequest(ctx, r, day)
	if err != nil {
		t.Fatal(err)
	}
	other := &clientKeys{db: b.db} // another replica
	k2, err := other.forRequest(ctx, r, day)
	if err != nil {
		t.Fatal(err)
	}
	if string(k1) != string(k2) {
		t.Fatal("two replicas key one client differently on one day")
	}
	next, err := other.forRequest(ctx, r, day.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if string(next) == string(k1) {
		t.Fatal("the key did not change with the day")
	}
	if n := b.count(`SELECT count(*) FROM web_client_keys`); n != 1 {
		t.Fatalf("%d day keys after the day changed", n)
	}
	if err := b.h.clients.forgetPastDays(ctx, day.Add(26*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := b.count(`SELECT count(*) FROM web_client_keys`); n != 0 {
		t.Fatalf("%d day keys left after their day", n)
	}
}

// Run erases a submitted draft's sealed receipt once web.receipt_ttl has
// passed, though its reporter never came back.
func TestRunErasesExpiredReceipts(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE channel = 'web'`); n != 1 {
		t.Fatalf("%d web drafts after submit", n)
	}
	b.wait(b.cfg.Web.ReceiptTTL.D() + time.Second)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- (&Server{h: b.h}).Run(ctx) }()
	for i := 0; b.count(`SELECT count(*) FROM intake_drafts WHERE channel = 'web'`) != 0; i++ {
		if i == 200 {
			t.Fatal("the expired receipt was not erased")
		}
		time.Sleep(25 * time.Millisecond)
	}
	cancel()
	<-done
}
