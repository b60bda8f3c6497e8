package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// 50 officers pressing "next" at once over 1,000 tips: every tip is claimed
// exactly once.
func TestClaimNextConcurrent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	const tips, workers = 1000, 50
	_, err := b.db.Exec(`
		INSERT INTO tips (kind, receipt_hash, reporter_ref, category, occurred, description, search, priority,
		                  suggested_priority, triage_due, contact_mode)
		SELECT 'report', sha256(('r' || g)::bytea), sha256(('p' || g)::bytea), 'use', 'today', 'tip ' || g,
		       to_tsvector('simple', 'tip'), 1 + g % 4, 1 + g % 4, now(), 'code'
		  FROM generate_series(1, $1) g`, tips)
	must(t, err)
	actors := make([]Actor, workers)
	for i := range actors {
		actors[i] = addOfficer(t, b.db, fmt.Sprintf("duty%02d", i), RoleOfficer)
	}
	// 50 callers share a few connections: the server is shared with other
	// test binaries, and a handful of concurrent statements is what races.
	b.db.SetMaxOpenConns(8)
	var mu sync.Mutex
	claimed := map[int64]int64{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for _, a := range actors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				tip, err := b.store.ClaimNext(ctx, a, KindReport)
				if errors.Is(err, ErrNothingToClaim) {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if prev, dup := claimed[tip.ID]; dup {
					errs <- fmt.Errorf("tip %d claimed by %d and %d", tip.ID, prev, a.ID)
				}
				claimed[tip.ID] = a.ID
				mu.Unlock()
				if tip.State != StateInReview || tip.AssigneeID == nil || *tip.AssigneeID != a.ID {
					errs <- fmt.Errorf("claimed tip %d: %s assignee %v", tip.ID, tip.State, tip.AssigneeID)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(claimed) != tips {
		t.Fatalf("%d tips claimed, want %d", len(claimed), tips)
	}
	var events int
	must(t, b.db.QueryRow(`SELECT count(*) FROM tip_events WHERE action = 'claimed'`).Scan(&events))
	if events != tips {
		t.Fatalf("%d claim events, want %d", events, tips)
	}
}

func TestClaimNextOrderAndRelease(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	normal := b.submit(t, func(s *Submission) { s.Category = "use" })           // 3
	urgent := b.submit(t, func(s *Submission) { s.Category = "manufacturing" }) // 1
	got, err := b.store.ClaimNext(ctx, b.officer, KindReport)
	must(t, err)
	if got.ID != urgent {
		t.Fatalf("claimed %d first, want the urgent %d", got.ID, urgent)
	}
	if _, err := b.store.Release(ctx, b.officer, urgent, 0); err != nil {
		t.Fatal(err)
	}
	again, err := b.store.ClaimNext(ctx, b.other, KindReport)
	must(t, err)
	if again.ID != urgent || again.State != StateInReview {
		t.Fatalf("released tip not offered again: got %d %s", again.ID, again.State)
	}
	if _, err := b.store.ClaimNext(ctx, b.other, KindReport); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.ClaimNext(ctx, b.other, KindReport); !errors.Is(err, ErrNothingToClaim) {
		t.Fatalf("empty queue: %v", err)
	}
	// Claiming one's own tip again changes nothing.
	own, err := b.store.Claim(ctx, b.other, normal, 0)
	must(t, err)
	if *own.AssigneeID != b.other.ID {
		t.Fatal("claim of own tip lost it")
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	report := b.submit(t, nil)
	help := b.submit(t, func(s *Submission) {
		s.Kind, s.Category, s.Description = KindHelp, "", "我想戒毒,能帮帮我吗?微信 abc_12345"
	})
	if _, err := b.store.GetAs(ctx, b.officer, help); !errors.Is(err, ErrNotFound) {
		t.Errorf("officer sees a help question: %v", err)
	}
	if _, err := b.store.GetAs(ctx, b.counsellor, report); !errors.Is(err, ErrNotFound) {
		t.Errorf("counsellor sees a report: %v", err)
	}
	if _, err := b.store.GetAs(ctx, b.counsellor, help); err != nil {
		t.Errorf("counsellor cannot see a help question: %v", err)
	}
	if _, err := b.store.ClaimNext(ctx, b.super, KindHelp); !errors.Is(err, ErrForbidden) {
		t.Errorf("supervisor claims help: %v", err)
	}
	if _, err := b.store.Claim(ctx, b.officer, help, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("officer claims help: %v", err)
	}
	got, err := b.store.ClaimNext(ctx, b.counsellor, KindHelp)
	must(t, err)
	if got.ID != help {
		t.Fatalf("counsellor got %d", got.ID)
	}
	if _, err := b.store.ListAs(ctx, b.officer, Filter{Kind: KindHelp}); !errors.Is(err, ErrForbidden) {
		t.Errorf("officer lists help: %v", err)
	}
	p, err := b.store.ListAs(ctx, b.counsellor, Filter{})
	must(t, err)
	if len(p.Tips) != 1 || p.Tips[0].ID != help {
		t.Errorf("counsellor's list: %+v", p.Tips)
	}
	ents, err := b.store.Entities(ctx, help)
	must(t, err)
	if len(ents) != 0 {
		t.Errorf("help question has entities %v", ents)
	}
	// The supervisor's actions: every role that supervises, not an officer.
	leader := b.leader
	for name, f := range map[string]func(Actor, int64) error{
		"assign": func(a Actor, id int64) error { _, err := b.store.Assign(ctx, a, id, b.other.ID, 0); return err },
		"reward": func(a Actor, id int64) error {
			_, err := b.store.Reward(ctx, a, id, RewardEligible, 300000, 0)
			return err
		},
		"block": func(a Actor, id int64) error { return b.store.Block(ctx, a, id, "spam") },
	} {
		if err := f(b.officer, report); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s by officer: %v, want ErrForbidden", name, err)
		}
		for _, a := range []Actor{b.admin, leader} {
			if err := f(a, b.submit(t, nil)); err != nil {
				t.Errorf("%s by %s: %v", name, a.Role, err)
			}
		}
		if err := f(b.super, report); err != nil {
			t.Errorf("%s by supervisor: %v", name, err)
		}
	}
	// The block holds: the reporter's next tip is refused.
	tip, _ := b.store.Get(ctx, report)
	if !tip.Blocked {
		t.Error("tip does not show its reporter blocked")
	}
}
